import { Controller, Get, Inject } from '@nestjs/common';
import type { gridV1, unitsV1 } from '@yiwang/contracts';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import {
  GRID_CLIENT,
  UNITS_CLIENT,
  type GridClient,
  type UnitsClient,
} from '../downstream/downstream.module.js';
import { ApiRoute, ValidParams, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { listOf, pageOf } from '../openapi/api-schemas.js';
import { protoMessage } from '../openapi/proto-schema.js';
import { codeParams, cursor, limit, unitCode } from './registry.schemas.js';

const listQuery = z.object({ parent: unitCode.optional(), after: cursor, limit: limit(500, 100) }).strict();
const departmentsQuery = z.object({ unit: unitCode, category: z.string().max(64).optional() }).strict();
const activityParams = z.object({
  code: z.string().regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,16})*$/, 'must be a division or grid code'),
});

const unit = named('Unit', protoMessage<unitsV1.Unit>('yiwang.grid.v1.Unit'));
const unitDetail = named(
  'UnitDetail',
  protoMessage<unitsV1.GetUnitResponse>('yiwang.grid.v1.GetUnitResponse'),
);
named('UnitCounts', protoMessage<unitsV1.UnitCounts>('yiwang.grid.v1.UnitCounts'));
const department = named('Department', protoMessage<unitsV1.Department>('yiwang.grid.v1.Department'));
const unitActivity = named(
  'UnitActivity',
  protoMessage<gridV1.GetUnitActivityResponse>('yiwang.grid.v1.GetUnitActivityResponse'),
);

/** The administrative tree and departments, within the caller's scope. */
@Controller('api/v1/registry')
export class RegistryUnitsHttpController {
  constructor(
    @Inject(UNITS_CLIENT) private readonly units: UnitsClient,
    @Inject(GRID_CLIENT) private readonly grid: GridClient,
  ) {}

  @Get('units')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'registry',
    summary: 'Children of a unit (or the roots of the caller’s scope), keyset-paged',
    query: listQuery,
    response: pageOf(unit),
    errors: [404],
  })
  async list(@ValidQuery() q: z.output<typeof listQuery>) {
    const page = await this.units.call('listUnits', { parentCode: q.parent, after: q.after, limit: q.limit });
    return { items: page.units, nextCursor: page.nextCursor ?? null };
  }

  @Get('units/:code')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'registry',
    summary: 'One unit with its path, ancestors and counts',
    params: codeParams,
    response: unitDetail,
    errors: [404],
  })
  async get(@ValidParams() { code }: z.output<typeof codeParams>) {
    return this.units.call('getUnit', { code });
  }

  @Get('units/:code/activity')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'registry',
    summary: 'Cases the registry has recorded for a unit (事)',
    params: activityParams,
    response: unitActivity,
  })
  async activity(@ValidParams() { code }: z.output<typeof activityParams>) {
    return this.grid.call('getUnitActivity', { unitCode: code });
  }

  @Get('departments')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'registry',
    summary: 'Departments serving a unit, optionally for one case category',
    query: departmentsQuery,
    response: listOf(department),
    errors: [404],
  })
  async departments(@ValidQuery() q: z.output<typeof departmentsQuery>) {
    const { departments } = await this.units.call('listDepartments', {
      unitCode: q.unit,
      category: q.category,
    });
    return { items: departments };
  }
}
