import { Controller, Get } from '@nestjs/common';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { ApiRoute, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { listOf } from '../openapi/api-schemas.js';
import { RegistryNamesService } from './registry-names.service.js';

// Unit, grid and department codes, and user ids (UUIDs) of people named in case timelines.
const CODE = /^([0-9]{2,12}(-[A-Za-z0-9_]{1,40})?|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})$/;
const namesQuery = z
  .object({
    codes: z
      .string()
      .min(2)
      .max(12_000)
      .refine((s) => s.split(',').length <= 200, 'at most 200 codes')
      .refine(
        (s) => s.split(',').every((c) => CODE.test(c)),
        'must be unit, grid or department codes or user ids',
      )
      .describe('Comma-separated unit, grid and department codes and user ids (at most 200)'),
  })
  .strict();
const codeName = named(
  'CodeName',
  z.strictObject({
    code: z.string(),
    name: z.string(),
    kind: z.enum(['unit', 'grid', 'department', 'person']),
  }),
);

/**
 * Names for codes (the UI shows names, codes on hover); unknown codes, and codes outside the caller's data
 * scope other than the ancestors on its own path, are left out of the answer.
 */
@Controller('api/v1/registry')
export class RegistryNamesHttpController {
  constructor(private readonly names: RegistryNamesService) {}

  @Get('names')
  @RequirePermission('case:read')
  @ApiRoute({
    tag: 'registry',
    summary:
      "Names of units, grids, departments and acting users by code or id (for display), within the caller's scope and the ancestors on its path",
    query: namesQuery,
    response: listOf(codeName),
  })
  async get(@ValidQuery() q: z.output<typeof namesQuery>) {
    return { items: await this.names.names(q.codes.split(',')) };
  }
}
