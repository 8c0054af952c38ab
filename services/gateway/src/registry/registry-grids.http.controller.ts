import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import type { gridV1, locationV1 } from '@yiwang/contracts';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import {
  GRID_CLIENT,
  LOCATION_CLIENT,
  type GridClient,
  type LocationClient,
} from '../downstream/downstream.module.js';
import { ApiRoute, ValidBody, ValidParams, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { listOf, pageOf } from '../openapi/api-schemas.js';
import { protoMessage } from '../openapi/proto-schema.js';
import { bool, cursor, day, gridCode, gridParams, idParams, limit, unitCode } from './registry.schemas.js';

const geometry = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) })
  .passthrough();
const newGrid = z
  .object({
    code: gridCode,
    name: z.string().min(1).max(100),
    type: z.string().min(1).max(32),
    polygon: geometry,
  })
  .strict();
const createBody = z
  .object({ communityCode: unitCode, parentGridCode: gridCode.optional(), grid: newGrid })
  .strict();
const redrawBody = z
  .object({
    change: z.enum(['split', 'merge', 'redraw']),
    retire: z.array(gridCode).min(1).max(50),
    create: z.array(newGrid).min(1).max(50),
  })
  .strict();
const listQuery = z
  .object({
    unit: unitCode,
    after: cursor,
    limit: limit(1000, 200),
    boundary: bool,
    retired: bool,
    q: z.string().trim().min(1).max(50).optional().describe('Name or code contains this text'),
    type: z
      .string()
      .regex(/^[a-z_]{1,32}$/)
      .optional()
      .describe('One grid type only'),
  })
  .strict();
const getQuery = z.object({ boundary: bool }).strict();
const staffBody = z
  .object({
    name: z.string().min(1).max(50),
    role: z.enum(['head', 'full_time', 'part_time']),
    partTimeKind: z.enum(['building_head', 'party_member', 'police', 'volunteer', 'other']).optional(),
    phone: z.string().max(20).optional(),
    since: day.optional(),
  })
  .strict();
const endStaffBody = z.object({ until: day.optional() }).strict();
const reportQuery = z.object({ unit: unitCode }).strict();
const point = z
  .object({ lat: z.coerce.number().min(-90).max(90), lng: z.coerce.number().min(-180).max(180) })
  .strict();
const batchBody = z.object({ points: z.array(point).min(1).max(10_000) }).strict();

/** A GeoJSON position: longitude, latitude. */
const position = z.array(z.number()).min(2).max(3);
const staff = named('GridStaff', protoMessage<gridV1.GridStaff>('yiwang.grid.v1.GridStaff'));
const grid = named(
  'Grid',
  protoMessage<gridV1.Grid>('yiwang.grid.v1.Grid')
    .omit({ boundaryGeojson: true })
    .extend({
      polygon: z
        .discriminatedUnion('type', [
          z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
          z.strictObject({
            type: z.literal('MultiPolygon'),
            coordinates: z.array(z.array(z.array(position))),
          }),
        ])
        .optional()
        .describe('GeoJSON, when asked for with boundary=true'),
    }),
);
const gridType = named('GridType', protoMessage<gridV1.GridType>('yiwang.grid.v1.GridType'));
named('StaffingShortfall', protoMessage<gridV1.StaffingShortfall>('yiwang.grid.v1.StaffingShortfall'));
const staffingReport = named(
  'StaffingReport',
  protoMessage<gridV1.StaffingReportResponse>('yiwang.grid.v1.StaffingReportResponse'),
);
const resolved = named(
  'ResolvedLocation',
  protoMessage<locationV1.ResolvedLocation>('yiwang.grid.v1.ResolvedLocation'),
);

const toNew = (g: z.output<typeof newGrid>) => ({
  code: g.code,
  name: g.name,
  type: g.type,
  boundaryGeojson: JSON.stringify(g.polygon),
});

/** Grids, their staff, and location → grid. */
@Controller('api/v1/registry')
export class RegistryGridsHttpController {
  constructor(
    @Inject(GRID_CLIENT) private readonly grids: GridClient,
    @Inject(LOCATION_CLIENT) private readonly location: LocationClient,
  ) {}

  @Get('grid-types')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'grids',
    summary: 'The four grid types and their staffing standards',
    response: listOf(gridType),
  })
  async types() {
    return { items: (await this.grids.call('listGridTypes', {})).types };
  }

  @Get('grids')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'grids',
    summary: 'Grids below a unit, keyset-paged, filtered by name or code and type, with the total',
    query: listQuery,
    response: pageOf(grid).extend({ total: z.number().int().describe('Grids matching on every page') }),
    errors: [404],
  })
  async list(@ValidQuery() q: z.output<typeof listQuery>) {
    const page = await this.grids.call('listGrids', {
      unitCode: q.unit,
      after: q.after,
      limit: q.limit,
      withBoundary: q.boundary,
      includeRetired: q.retired,
      query: q.q,
      type: q.type,
    });
    return { items: page.grids.map(present), nextCursor: page.nextCursor ?? null, total: page.total };
  }

  @Get('grids/:code')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'grids',
    summary: 'One grid (retired ones say what replaced them)',
    params: gridParams,
    query: getQuery,
    response: grid,
    errors: [404],
  })
  async get(
    @ValidParams() { code }: z.output<typeof gridParams>,
    @ValidQuery() { boundary }: z.output<typeof getQuery>,
  ) {
    return present((await this.grids.call('getGrid', { code, withBoundary: boundary })).grid!);
  }

  @Post('grids')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'grids',
    summary: 'Draw a grid (or micro-grid) inside a community',
    body: createBody,
    response: grid,
    status: 201,
    errors: [404, 409],
  })
  async create(@ValidBody() b: z.output<typeof createBody>) {
    return present(
      (
        await this.grids.call('createGrid', {
          communityCode: b.communityCode,
          parentGridCode: b.parentGridCode,
          grid: toNew(b.grid),
        })
      ).grid!,
    );
  }

  @Post('grids/redraw')
  @HttpCode(200)
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'grids',
    summary: 'Split, merge or redraw grids, keeping the old ones resolvable',
    body: redrawBody,
    response: z.strictObject({ retired: z.array(grid), created: z.array(grid) }),
    errors: [404, 409],
  })
  async redraw(@ValidBody() b: z.output<typeof redrawBody>) {
    const result = await this.grids.call('redrawGrids', {
      change: b.change,
      retire: b.retire,
      create: b.create.map(toNew),
    });
    return { retired: result.retired.map(present), created: result.created.map(present) };
  }

  @Post('grids/:code/staff')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'grids',
    summary: 'Add a grid head, full-time or part-time worker',
    params: gridParams,
    body: staffBody,
    response: staff,
    status: 201,
    errors: [404, 409],
  })
  async addStaff(
    @ValidParams() { code }: z.output<typeof gridParams>,
    @ValidBody() b: z.output<typeof staffBody>,
  ) {
    return (
      await this.grids.call('addGridStaff', {
        gridCode: code,
        name: b.name,
        role: b.role,
        partTimeKind: b.partTimeKind,
        phone: b.phone,
        since: b.since,
      })
    ).staff!;
  }

  @Post('grid-staff/:id/end')
  @HttpCode(200)
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'grids',
    summary: 'A worker leaves a grid (the record stays as history)',
    params: idParams,
    body: endStaffBody,
    response: staff,
    errors: [404],
  })
  async endStaff(
    @ValidParams() { id }: z.output<typeof idParams>,
    @ValidBody() b: z.output<typeof endStaffBody>,
  ) {
    return (await this.grids.call('endGridStaff', { staffId: id, until: b.until })).staff!;
  }

  @Get('staffing-report')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'grids',
    summary: 'Grids below their type’s staffing standard',
    query: reportQuery,
    response: staffingReport,
    errors: [404],
  })
  async staffingReport(@ValidQuery() { unit }: z.output<typeof reportQuery>) {
    return this.grids.call('staffingReport', { unitCode: unit });
  }

  @Get('locate')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'grids',
    summary: 'The grid, community, street and district of a point (404 outside every grid)',
    query: point,
    response: resolved,
    errors: [404],
  })
  async locate(@ValidQuery() q: z.output<typeof point>) {
    return (await this.location.call('resolveLocation', q)).location!;
  }

  @Post('locate')
  @HttpCode(200)
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'grids',
    summary: 'Batch of points, answered in order (found=false outside every grid)',
    body: batchBody,
    response: listOf(resolved),
  })
  async locateMany(@ValidBody() b: z.output<typeof batchBody>) {
    return { items: (await this.location.call('resolveLocations', b)).locations };
  }
}

/** A grid as the API shows it: the boundary as GeoJSON (when asked for), not as JSON text. */
function present(g: gridV1.Grid): z.input<typeof grid> {
  const { boundaryGeojson, ...rest } = g;
  return boundaryGeojson
    ? { ...rest, polygon: JSON.parse(boundaryGeojson) as z.input<typeof grid>['polygon'] }
    : rest;
}
