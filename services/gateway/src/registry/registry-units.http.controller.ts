import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import {
  GRID_CLIENT,
  UNITS_CLIENT,
  type GridClient,
  type UnitsClient,
} from '../downstream/downstream.module.js';
import { parseRequest } from '../http-validation.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { codeParams, cursor, limit, unitCode } from './registry.schemas.js';

const listQuery = z.object({ parent: unitCode.optional(), after: cursor, limit: limit(500, 100) }).strict();
const departmentsQuery = z.object({ unit: unitCode, category: z.string().max(64).optional() }).strict();
const activityParams = z.object({
  code: z.string().regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,16})*$/, 'must be a division or grid code'),
});

/** The administrative tree and departments, within the caller's scope. */
@Controller('api/v1/registry')
export class RegistryUnitsHttpController {
  constructor(
    @Inject(UNITS_CLIENT) private readonly units: UnitsClient,
    @Inject(GRID_CLIENT) private readonly grid: GridClient,
  ) {}

  @Get('units')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'registry',
    summary: 'Children of a unit (or the roots of the caller’s scope), keyset-paged',
    query: listQuery,
    errors: [404],
  })
  async list(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(listQuery, query, 'query');
    const page = await this.units.call('listUnits', {
      parentCode: q.parent,
      after: q.after,
      limit: q.limit,
    });
    return { items: page.units, nextCursor: page.nextCursor ?? null };
  }

  @Get('units/:code')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'registry',
    summary: 'One unit with its path, ancestors and counts',
    params: codeParams,
    errors: [404],
  })
  async get(@Param() params: unknown): Promise<unknown> {
    const { code } = parseRequest(codeParams, params, 'path');
    return this.units.call('getUnit', { code });
  }

  @Get('units/:code/activity')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'registry',
    summary: 'Cases the registry has recorded for a unit (事)',
    params: activityParams,
  })
  async activity(@Param() params: unknown): Promise<unknown> {
    const { code } = parseRequest(activityParams, params, 'path');
    return this.grid.call('getUnitActivity', { unitCode: code });
  }

  @Get('departments')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'registry',
    summary: 'Departments serving a unit, optionally for one case category',
    query: departmentsQuery,
    errors: [404],
  })
  async departments(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(departmentsQuery, query, 'query');
    return {
      items: (await this.units.call('listDepartments', { unitCode: q.unit, category: q.category }))
        .departments,
    };
  }
}
