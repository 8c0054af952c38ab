// The scope matrix's rules for city-wide data: the working calendar, the responsibility list and API
// clients are one for the whole city, so only the permission applies (kind 'reference').
import { randomUUID } from 'node:crypto';
import type { Rule } from './scope-matrix.rules.js';

export const CITY_RULES: Record<string, Rule> = {
  // The working calendar is one for the whole city (calendar:read, calendar:manage): no unit scope applies.
  'GET /api/v1/calendar/status': { kind: 'reference', target: () => ({ path: '/api/v1/calendar/status' }) },
  'GET /api/v1/calendar/years': { kind: 'reference', target: () => ({ path: '/api/v1/calendar/years' }) },
  'GET /api/v1/calendar/years/{year}': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/calendar/years/2026' }),
  },
  'GET /api/v1/calendar/years/{year}/versions': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/calendar/years/2026/versions' }),
  },
  'GET /api/v1/calendar/years/{year}/diff': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/calendar/years/2026/diff' }),
  },
  'POST /api/v1/calendar/versions': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/calendar/versions', body: {} }),
  },
  'POST /api/v1/calendar/years/{year}/versions/{version}/activate': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/calendar/years/2031/versions/99/activate', body: {} }),
  },
  'GET /api/v1/calendar/jobs/{id}': {
    kind: 'reference',
    target: () => ({ path: `/api/v1/calendar/jobs/${randomUUID()}` }),
  },
  // The responsibility list (权责清单) is one for the whole city (responsibility:read, responsibility:manage).
  'GET /api/v1/responsibilities/versions': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/responsibilities/versions' }),
  },
  'GET /api/v1/responsibilities/versions/{version}': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/responsibilities/versions/1' }),
  },
  'GET /api/v1/responsibilities/diff': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/responsibilities/diff?from=1&to=1' }),
  },
  'POST /api/v1/responsibilities/versions': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/responsibilities/versions', body: {} }),
  },
  'POST /api/v1/responsibilities/versions/{version}/activate': {
    kind: 'reference',
    target: () => ({ path: '/api/v1/responsibilities/versions/99999/activate', body: {} }),
  },
  // API clients are managed city-wide (clients:manage); ownership and rotation: test/e2e/api-clients.spec.ts.
  'POST /api/v1/clients': { kind: 'reference', target: () => ({ path: '/api/v1/clients', body: {} }) },
  'GET /api/v1/clients': { kind: 'reference', target: () => ({ path: '/api/v1/clients' }) },
  'GET /api/v1/clients/{id}': {
    kind: 'reference',
    target: () => ({ path: `/api/v1/clients/${randomUUID()}` }),
  },
  'POST /api/v1/clients/{id}/rotate': {
    kind: 'reference',
    target: () => ({ path: `/api/v1/clients/${randomUUID()}/rotate`, body: {} }),
  },
  'POST /api/v1/clients/{id}/revoke': {
    kind: 'reference',
    target: () => ({ path: `/api/v1/clients/${randomUUID()}/revoke`, body: {} }),
  },
};
