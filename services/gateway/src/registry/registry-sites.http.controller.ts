import { Controller, Get, Inject, Patch, Post } from '@nestjs/common';
import type { sitesV1 } from '@yiwang/contracts';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { SITES_CLIENT, type SitesClient } from '../downstream/downstream.module.js';
import { ApiRoute, ValidBody, ValidParams, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { pageOf } from '../openapi/api-schemas.js';
import { protoMessage } from '../openapi/proto-schema.js';
import { cursor, idParams, limit, unitCode } from './registry.schemas.js';

const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM');
const hours = z.partialRecord(
  z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
  z.array(z.tuple([hhmm, hhmm])).max(6),
);
const siteBody = z
  .object({
    name: z.string().min(1).max(100),
    kind: z.enum(['center', 'station']),
    unitCode,
    address: z.string().max(300).default(''),
    lat: z.number(),
    lng: z.number(),
    functions: z.array(z.string().max(40)).max(30).default([]),
    openingHours: hours.default({}),
  })
  .strict();
const sitePatch = z
  .object({
    name: z.string().min(1).max(100).optional(),
    address: z.string().max(300).optional(),
    lat: z.number().optional(),
    lng: z.number().optional(),
    functions: z.array(z.string().max(40)).max(30).optional(),
    openingHours: hours.optional(),
  })
  .strict();
const listQuery = z
  .object({
    unit: unitCode,
    kind: z.enum(['center', 'station']).optional(),
    function: z.string().max(40).optional(),
    cursor,
    limit: limit(500, 100),
  })
  .strict();
const coverageQuery = z
  .object({
    unit: unitCode,
    radius: z.coerce.number().int().optional(),
    uncoveredLimit: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

const site = named('Site', protoMessage<sitesV1.Site>('yiwang.grid.v1.Site'));
named('SiteFunction', protoMessage<sitesV1.SiteFunction>('yiwang.grid.v1.SiteFunction'));
named('WeeklyHours', protoMessage<sitesV1.WeeklyHours>('yiwang.grid.v1.WeeklyHours'));
named('CoverageTally', protoMessage<sitesV1.CoverageTally>('yiwang.grid.v1.CoverageTally'));
const coverage = named('Coverage', protoMessage<sitesV1.CoverageResponse>('yiwang.grid.v1.CoverageResponse'));

const toWeekly = (h: z.output<typeof hours>) => ({
  days: Object.entries(h).map(([day, ranges]) => ({
    day,
    ranges: ranges.map(([start, end]) => ({ start, end })),
  })),
});

/** Party-mass service centres and stations, and the 15-minute service circle. */
@Controller('api/v1/registry')
export class RegistrySitesHttpController {
  constructor(@Inject(SITES_CLIENT) private readonly sites: SitesClient) {}

  @Post('sites')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'sites',
    summary: 'Add a service centre (street) or station (community)',
    body: siteBody,
    response: site,
    status: 201,
    errors: [404],
  })
  async create(@ValidBody() b: z.output<typeof siteBody>) {
    return (await this.sites.call('createSite', { ...b, openingHours: toWeekly(b.openingHours) })).site!;
  }

  @Patch('sites/:id')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'sites',
    summary: 'Change a site; fields left out stay as they are',
    params: idParams,
    body: sitePatch,
    response: site,
    errors: [404],
  })
  async update(@ValidParams() { id }: z.output<typeof idParams>, @ValidBody() b: z.output<typeof sitePatch>) {
    return (
      await this.sites.call('updateSite', {
        id,
        name: b.name,
        address: b.address,
        lat: b.lat,
        lng: b.lng,
        functions: b.functions ? { codes: b.functions } : undefined,
        openingHours: b.openingHours ? toWeekly(b.openingHours) : undefined,
      })
    ).site!;
  }

  @Get('sites/:id')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'sites',
    summary: 'One site, with whether it is open now',
    params: idParams,
    response: site,
    errors: [404],
  })
  async get(@ValidParams() { id }: z.output<typeof idParams>) {
    return (await this.sites.call('getSite', { id })).site!;
  }

  @Get('sites')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'sites',
    summary: 'Sites below a unit, keyset-paged',
    query: listQuery,
    response: pageOf(site),
    errors: [404],
  })
  async list(@ValidQuery() q: z.output<typeof listQuery>) {
    const page = await this.sites.call('listSites', {
      unitCode: q.unit,
      kind: q.kind,
      functionCode: q.function,
      cursor: q.cursor,
      limit: q.limit,
    });
    return { items: page.sites, nextCursor: page.nextCursor ?? null };
  }

  @Get('coverage')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'sites',
    summary:
      'The 15-minute service circle: share of households near a site, per community, and the uncovered buildings',
    query: coverageQuery,
    response: coverage,
    errors: [404],
  })
  async coverage(@ValidQuery() q: z.output<typeof coverageQuery>) {
    return this.sites.call('coverage', {
      unitCode: q.unit,
      radiusMeters: q.radius,
      uncoveredLimit: q.uncoveredLimit,
    });
  }
}
