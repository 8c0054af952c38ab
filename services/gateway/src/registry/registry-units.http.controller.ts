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
import { codeParams, cursor, gridCode, limit, unitCode } from './registry.schemas.js';

const listQuery = z.object({ parent: unitCode.optional(), after: cursor, limit: limit(500, 100) }).strict();
const departmentsQuery = z
  .object({
    // A division code or a grid code: a case located to a grid finds the departments serving that grid.
    unit: z.union([unitCode, gridCode], { error: 'must be a division code or a grid code' }),
    category: z.string().max(64).optional(),
  })
  .strict();
const activityParams = z.object({
  code: z.string().regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,16})*$/, 'must be a division or grid code'),
});

// The proto leaves parentCode absent at the top of a tree; the HTTP answers keep showing it as '' (as they
// always have), so clients still read a string.
const parentCode = z.string().describe('The unit or department above; empty at the top');
const unit = named('Unit', protoMessage<unitsV1.Unit>('yiwang.grid.v1.Unit').extend({ parentCode }));
const unitCounts = named('UnitCounts', protoMessage<unitsV1.UnitCounts>('yiwang.grid.v1.UnitCounts'));
const unitDetail = named(
  'UnitDetail',
  z.strictObject({
    unit,
    ancestors: z.array(unit).describe('Ancestors from the root down, then the unit itself.'),
    counts: unitCounts,
  }),
);
const department = named(
  'Department',
  protoMessage<unitsV1.Department>('yiwang.grid.v1.Department').extend({ parentCode }),
);
const withParent = <T extends { parentCode?: string }>(m: T) => ({ ...m, parentCode: m.parentCode ?? '' });
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
    return { items: page.units.map(withParent), nextCursor: page.nextCursor ?? null };
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
    const { unit, ancestors, counts } = await this.units.call('getUnit', { code });
    return { unit: withParent(unit!), ancestors: ancestors.map(withParent), counts: counts! };
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
    summary: 'Departments serving a unit or a grid, optionally for one case category',
    query: departmentsQuery,
    response: listOf(department),
    errors: [404],
  })
  async departments(@ValidQuery() q: z.output<typeof departmentsQuery>) {
    const { departments } = await this.units.call('listDepartments', {
      unitCode: q.unit,
      category: q.category,
    });
    return { items: departments.map(withParent) };
  }
}
