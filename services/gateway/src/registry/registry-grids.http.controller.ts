import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import {
  GRID_CLIENT,
  LOCATION_CLIENT,
  type GridClient,
  type LocationClient,
} from '../downstream/downstream.module.js';
import { parseRequest } from '../http-validation.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
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
  .object({ unit: unitCode, after: cursor, limit: limit(1000, 200), boundary: bool, retired: bool })
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

const toNew = (g: z.infer<typeof newGrid>) => ({
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
  @ApiDoc({ tag: 'grids', summary: 'The four grid types and their staffing standards' })
  async types(): Promise<unknown> {
    return { items: (await this.grids.call('listGridTypes', {})).types };
  }

  @Get('grids')
  @RequirePermission('registry:read')
  @ApiDoc({ tag: 'grids', summary: 'Grids below a unit, keyset-paged', query: listQuery, errors: [404] })
  async list(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(listQuery, query, 'query');
    const page = await this.grids.call('listGrids', {
      unitCode: q.unit,
      after: q.after,
      limit: q.limit,
      withBoundary: q.boundary,
      includeRetired: q.retired,
    });
    return { items: page.grids.map(present), nextCursor: page.nextCursor ?? null };
  }

  @Get('grids/:code')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'grids',
    summary: 'One grid (retired ones say what replaced them)',
    params: gridParams,
    query: getQuery,
    errors: [404],
  })
  async get(@Param() params: unknown, @Query() query: unknown): Promise<unknown> {
    const { code } = parseRequest(gridParams, params, 'path');
    const { boundary } = parseRequest(getQuery, query, 'query');
    return present((await this.grids.call('getGrid', { code, withBoundary: boundary })).grid!);
  }

  @Post('grids')
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'grids',
    summary: 'Draw a grid (or micro-grid) inside a community',
    body: createBody,
    status: 201,
    errors: [404, 409],
  })
  async create(@Body() body: unknown): Promise<unknown> {
    const b = parseRequest(createBody, body, 'body');
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
  @ApiDoc({
    tag: 'grids',
    summary: 'Split, merge or redraw grids, keeping the old ones resolvable',
    body: redrawBody,
    errors: [404, 409],
  })
  async redraw(@Body() body: unknown): Promise<unknown> {
    const b = parseRequest(redrawBody, body, 'body');
    const result = await this.grids.call('redrawGrids', {
      change: b.change,
      retire: b.retire,
      create: b.create.map(toNew),
    });
    return { retired: result.retired.map(present), created: result.created.map(present) };
  }

  @Post('grids/:code/staff')
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'grids',
    summary: 'Add a grid head, full-time or part-time worker',
    params: gridParams,
    body: staffBody,
    status: 201,
    errors: [404, 409],
  })
  async addStaff(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { code } = parseRequest(gridParams, params, 'path');
    const b = parseRequest(staffBody, body, 'body');
    return (
      await this.grids.call('addGridStaff', {
        gridCode: code,
        name: b.name,
        role: b.role,
        partTimeKind: b.partTimeKind,
        phone: b.phone,
        since: b.since,
      })
    ).staff;
  }

  @Post('grid-staff/:id/end')
  @HttpCode(200)
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'grids',
    summary: 'A worker leaves a grid (the record stays as history)',
    params: idParams,
    body: endStaffBody,
    errors: [404],
  })
  async endStaff(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    const b = parseRequest(endStaffBody, body ?? {}, 'body');
    return (await this.grids.call('endGridStaff', { staffId: id, until: b.until })).staff;
  }

  @Get('staffing-report')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'grids',
    summary: 'Grids below their type’s staffing standard',
    query: reportQuery,
    errors: [404],
  })
  async staffingReport(@Query() query: unknown): Promise<unknown> {
    return this.grids.call('staffingReport', { unitCode: parseRequest(reportQuery, query, 'query').unit });
  }

  @Get('locate')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'grids',
    summary: 'The grid, community, street and district of a point (404 outside every grid)',
    query: point,
    errors: [404],
  })
  async locate(@Query() query: unknown): Promise<unknown> {
    return (await this.location.call('resolveLocation', parseRequest(point, query, 'query'))).location;
  }

  @Post('locate')
  @HttpCode(200)
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'grids',
    summary: 'Batch of points, answered in order (found=false outside every grid)',
    body: batchBody,
  })
  async locateMany(@Body() body: unknown): Promise<unknown> {
    return {
      items: (await this.location.call('resolveLocations', parseRequest(batchBody, body, 'body'))).locations,
    };
  }
}

function present<T extends { boundaryGeojson?: string }>(
  grid: T,
): Omit<T, 'boundaryGeojson'> & { polygon?: unknown } {
  const { boundaryGeojson, ...rest } = grid;
  return boundaryGeojson ? { ...rest, polygon: JSON.parse(boundaryGeojson) } : rest;
}
