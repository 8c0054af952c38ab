// The scope matrix's rules for the registry's routes (units, grids, buildings, households, residents,
// sites, imports): what each may show whom. The matrix itself: test/e2e/scope-matrix.spec.ts.
import { randomUUID } from 'node:crypto';
import type { Rule } from './scope-matrix.rules.js';

export const polygonNear = (lat: number, lng: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + 0.001, lat],
      [lng + 0.001, lat + 0.001],
      [lng, lat + 0.001],
      [lng, lat],
    ],
  ],
});

export const REGISTRY_RULES: Record<string, Rule> = {
  'GET /api/v1/registry/grid-types': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/registry/grid-types' }),
  },
  'GET /api/v1/registry/departments': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/departments?unit=${f.street}` }),
  },
  'GET /api/v1/registry/grids': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/grids?unit=${f.street}&limit=500` }),
  },
  'POST /api/v1/registry/grids': {
    kind: 'scoped',
    target: (f) => ({
      path: '/api/v1/registry/grids',
      body: {
        communityCode: f.community,
        grid: {
          code: `${f.community}000-M9`,
          name: '矩阵网格',
          type: 'residential',
          polygon: polygonNear(23.1, 113.3),
        },
      },
    }),
  },
  'POST /api/v1/registry/grids/redraw': {
    kind: 'scoped',
    target: (f) => ({
      path: '/api/v1/registry/grids/redraw',
      body: {
        change: 'redraw',
        retire: [f.grid],
        create: [
          {
            code: `${f.grid}-M9`.slice(0, 25),
            name: '矩阵',
            type: 'residential',
            polygon: polygonNear(23.1, 113.3),
          },
        ],
      },
    }),
  },
  'GET /api/v1/registry/grids/{code}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/grids/${f.grid}?boundary=true` }),
  },
  'POST /api/v1/registry/grids/{code}/staff': {
    kind: 'scoped',
    target: (f) => ({
      path: `/api/v1/registry/grids/${f.grid}/staff`,
      body: { name: '矩阵员', role: 'part_time', partTimeKind: 'volunteer' },
    }),
  },
  'POST /api/v1/registry/grid-staff/{id}/end': {
    kind: 'scoped',
    target: () => ({ path: `/api/v1/registry/grid-staff/${randomUUID()}/end`, body: {} }),
  },
  'GET /api/v1/registry/staffing-report': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/staffing-report?unit=${f.street}` }),
  },
  'GET /api/v1/registry/locate': {
    kind: 'reference', // answers which grid a point lies in, within the caller's scope (checked below)
    target: () => ({ path: '/api/v1/registry/locate?lat=23.13&lng=113.36' }),
  },
  'POST /api/v1/registry/locate': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/registry/locate', body: { points: [{ lat: 23.13, lng: 113.36 }] } }),
  },
  'POST /api/v1/registry/buildings': {
    kind: 'scoped',
    target: (f) => ({
      path: '/api/v1/registry/buildings',
      body: { name: '矩阵楼', communityCode: f.community, lat: 23.13, lng: 113.36 },
    }),
  },
  'GET /api/v1/registry/buildings': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/buildings?community=${f.community}&limit=500` }),
  },
  'GET /api/v1/registry/buildings/{id}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/buildings/${f.building}` }),
  },
  'PATCH /api/v1/registry/buildings/{id}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/buildings/${f.building}`, body: { name: '矩阵改名' } }),
  },
  'POST /api/v1/registry/households': {
    kind: 'scoped',
    target: (f) => ({
      path: '/api/v1/registry/households',
      body: { householdNo: `M${Date.now()}`, address: '矩阵路1号', communityCode: f.community },
    }),
  },
  'GET /api/v1/registry/households/{id}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/households/${f.household}` }),
  },
  'PATCH /api/v1/registry/households/{id}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/households/${f.household}`, body: { room: '999' } }),
  },
  'POST /api/v1/registry/residents': {
    kind: 'scoped',
    target: (f) => ({
      path: '/api/v1/registry/residents',
      body: { name: '矩阵人', idNumber: '11010519491231002X', householdId: f.household },
    }),
  },
  'GET /api/v1/registry/residents': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/residents?unit=${f.street}&limit=200` }),
  },
  'GET /api/v1/registry/residents/{id}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/residents/${f.resident}?reveal=true&purpose=matrix` }),
  },
  'PATCH /api/v1/registry/residents/{id}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/residents/${f.resident}`, body: { phone: '13800000000' } }),
  },
  'POST /api/v1/registry/residents/{id}/move': {
    kind: 'scoped',
    target: (f) => ({
      path: `/api/v1/registry/residents/${f.resident}/move`,
      body: { householdId: f.household, date: '2026-01-01' },
    }),
  },
  'GET /api/v1/registry/residents/{id}/residence': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/residents/${f.resident}/residence?date=2026-01-01` }),
  },
  'PUT /api/v1/registry/residents/{id}/tags/{tag}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/residents/${f.resident}/tags/elderly_alone`, body: {} }),
  },
  'DELETE /api/v1/registry/residents/{id}/tags/{tag}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/residents/${f.resident}/tags/elderly_alone` }),
  },
  'POST /api/v1/registry/sites': {
    kind: 'scoped',
    target: (f) => ({
      path: '/api/v1/registry/sites',
      body: { name: '矩阵站', kind: 'station', unitCode: f.community, lat: 23.13, lng: 113.36 },
    }),
  },
  'GET /api/v1/registry/sites': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/sites?unit=${f.street}` }),
  },
  'GET /api/v1/registry/sites/{id}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/sites/${f.site}` }),
  },
  'PATCH /api/v1/registry/sites/{id}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/sites/${f.site}`, body: { name: '矩阵改名' } }),
  },
  'GET /api/v1/registry/coverage': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/coverage?unit=${f.street}` }),
  },
  'GET /api/v1/registry/units': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/units?parent=${f.street}&limit=500` }),
  },
  'GET /api/v1/registry/units/{code}': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/units/${f.street}` }),
  },
  'GET /api/v1/registry/units/{code}/activity': {
    kind: 'scoped',
    target: (f) => ({ path: `/api/v1/registry/units/${f.street}/activity` }),
  },
  // Import jobs: a CSV upload, scoped to the communities it names (test/e2e/registry-imports.spec.ts).
  'POST /api/v1/registry/imports': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/registry/imports', body: {} }),
  },
  'GET /api/v1/registry/imports/{id}': {
    kind: 'reference',
    target: () => ({ path: `/api/v1/registry/imports/${randomUUID()}` }),
  },
  'GET /api/v1/registry/imports/{id}/errors': {
    kind: 'reference',
    target: () => ({ path: `/api/v1/registry/imports/${randomUUID()}/errors` }),
  },
};
