import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { SITES_CLIENT, type SitesClient } from '../downstream/downstream.module.js';
import { parseRequest } from '../http-validation.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
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

const toWeekly = (h: z.infer<typeof hours>) => ({
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
  @ApiDoc({
    tag: 'sites',
    summary: 'Add a service centre (street) or station (community)',
    body: siteBody,
    status: 201,
    errors: [404],
  })
  async create(@Body() body: unknown): Promise<unknown> {
    const b = parseRequest(siteBody, body, 'body');
    return (await this.sites.call('createSite', { ...b, openingHours: toWeekly(b.openingHours) })).site;
  }

  @Patch('sites/:id')
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'sites',
    summary: 'Change a site; fields left out stay as they are',
    params: idParams,
    body: sitePatch,
    errors: [404],
  })
  async update(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    const b = parseRequest(sitePatch, body, 'body');
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
    ).site;
  }

  @Get('sites/:id')
  @RequirePermission('registry:read')
  @ApiDoc({ tag: 'sites', summary: 'One site, with whether it is open now', params: idParams, errors: [404] })
  async get(@Param() params: unknown): Promise<unknown> {
    return (await this.sites.call('getSite', parseRequest(idParams, params, 'path'))).site;
  }

  @Get('sites')
  @RequirePermission('registry:read')
  @ApiDoc({ tag: 'sites', summary: 'Sites below a unit, keyset-paged', query: listQuery, errors: [404] })
  async list(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(listQuery, query, 'query');
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
  @ApiDoc({
    tag: 'sites',
    summary:
      'The 15-minute service circle: share of households near a site, per community, and the uncovered buildings',
    query: coverageQuery,
    errors: [404],
  })
  async coverage(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(coverageQuery, query, 'query');
    return this.sites.call('coverage', {
      unitCode: q.unit,
      radiusMeters: q.radius,
      uncoveredLimit: q.uncoveredLimit,
    });
  }
}
