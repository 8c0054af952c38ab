import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { DomainError, IdentityContext, logger } from '@yiwang/platform';
import type { caseV1 } from '@yiwang/contracts';
import type { Response } from 'express';
import { PublicRoute, RequirePermission } from '../auth/permission.guard.js';
import {
  CASE_CLIENT,
  LOCATION_CLIENT,
  type CaseClient,
  type LocationClient,
} from '../downstream/downstream.module.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { Open311ExceptionFilter } from './open311.exception.filter.js';
import { parseFormat, send, type Open311Format } from './open311.format.js';
import {
  definitionShape,
  isServiceCode,
  open311Status,
  requestsShape,
  serviceDefinition,
  serviceList,
  serviceRequest,
  servicesShape,
} from './open311.mapping.js';
import {
  open311FormatParam,
  open311Errors,
  parsePostRequest,
  parseRequestsQuery,
  postRequestDoc,
  requestsQueryDoc,
  type PostRequest,
  type RequestsFilter,
} from './open311.requests.js';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services are the case categories, service
 * requests are cases. Every resource answers as `.json` or `.xml`; errors are GeoReport error documents.
 */
@Controller('open311/v2')
@UseFilters(Open311ExceptionFilter)
export class Open311HttpController {
  constructor(
    @Inject(CASE_CLIENT) private readonly cases: CaseClient,
    @Inject(LOCATION_CLIENT) private readonly locations: LocationClient,
  ) {}

  @Get('services.:format')
  @PublicRoute()
  @ApiDoc({ tag: 'open311', summary: 'GeoReport v2: service list', params: open311FormatParam, public: true })
  services(@Param('format') format: string, @Res() response: Response): void {
    send(response, formatOf(format), 200, serviceList(), servicesShape);
  }

  @Get('services/:code.:format')
  @PublicRoute()
  @ApiDoc({ tag: 'open311', summary: 'GeoReport v2: service definition', public: true, errors: [404] })
  definition(@Param('code') code: string, @Param('format') format: string, @Res() response: Response): void {
    const f = formatOf(format);
    if (!isServiceCode(code)) throw open311Errors.unknownService(code);
    send(response, f, 200, [serviceDefinition(code)], definitionShape);
  }

  @Get('requests.:format')
  @RequirePermission('case:read')
  @ApiDoc({ tag: 'open311', summary: 'GeoReport v2: service requests', query: requestsQueryDoc })
  async requests(
    @Param('format') format: string,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    const filter = parseRequestsQuery(query);
    const candidates =
      filter.ids.length > 0
        ? (await Promise.all(filter.ids.map((id) => this.findCase(id)))).filter(
            (c): c is caseV1.Case => c !== null,
          )
        : await this.search(filter);
    const matching = candidates.filter((c) => matches(c, filter)).map(serviceRequest);
    send(response, f, 200, matching, requestsShape);
  }

  @Get('requests/:id.:format')
  @RequirePermission('case:read')
  @ApiDoc({ tag: 'open311', summary: 'GeoReport v2: one service request', errors: [404] })
  async request(
    @Param('id') id: string,
    @Param('format') format: string,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    const found = await this.findCase(id);
    if (!found) throw open311Errors.requestNotFound(id);
    send(response, f, 200, [serviceRequest(found)], requestsShape);
  }

  @Post('requests.:format')
  @RequirePermission('case:report')
  @ApiDoc({
    tag: 'open311',
    summary: 'GeoReport v2: create a service request (form or JSON; api_key or bearer)',
    body: postRequestDoc,
    bodyType: 'application/x-www-form-urlencoded',
    status: 201,
  })
  async create(
    @Param('format') format: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    const input = parsePostRequest(body);
    const unitCode = await this.unitOf(input);
    const identity = IdentityContext.current();
    const fromSystem = identity?.kind === 'client' || identity?.roles.includes('department_system');
    const result = await this.cases.call('createCase', {
      title: titleOf(input),
      description: input.addressString
        ? `${input.description}\n地址 Address: ${input.addressString}`.trim()
        : input.description,
      category: input.serviceCode,
      channel: fromSystem ? 'department_system' : 'resident',
      unitCode,
      location: input.location,
      // GeoReport v2 has no priority: the case service's default (normal) applies.
      idempotencyKey: idempotencyKey?.slice(0, 200),
    });
    const created = result.case!;
    logger().info({ caseId: created.id, replayed: result.replayed }, 'open311 request accepted');
    response.location(`/open311/v2/requests/${created.id}.${f}`);
    send(
      response,
      f,
      201,
      [
        {
          service_request_id: created.id,
          service_notice: '已收到您的诉求，将按时限办理。Your request has been received.',
          account_id: null,
        },
      ],
      requestsShape,
    );
  }

  /**
   * Requests without ids: the case list (newest first, in the caller's scope) walked page by page per
   * service code until past start_date, at most MAX_RESULTS answers. Without dates, the last 90 days.
   */
  private async search(filter: RequestsFilter): Promise<caseV1.Case[]> {
    const end = filter.endDate ?? new Date();
    const start = filter.startDate ?? new Date(end.getTime() - DEFAULT_WINDOW_MS);
    const onlyClosed = filter.statuses.length === 1 && filter.statuses[0] === 'closed';
    const found: caseV1.Case[] = [];
    for (const category of filter.serviceCodes.length ? filter.serviceCodes : [undefined]) {
      let after: string | undefined;
      for (let page = 0; page < MAX_PAGES && found.length < MAX_RESULTS; page += 1) {
        const { cases, nextCursor } = await this.cases.call('listCases', {
          category,
          state: onlyClosed ? 'closed' : undefined,
          after,
          limit: PAGE,
        });
        found.push(...cases.filter((c) => Date.parse(c.createdAt) >= start.getTime()));
        const oldest = cases.at(-1);
        if (!nextCursor || !oldest || Date.parse(oldest.createdAt) < start.getTime()) break;
        after = nextCursor;
      }
    }
    return found
      .filter((c) => matches(c, { ...filter, startDate: start, endDate: end }))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .slice(0, MAX_RESULTS);
  }

  private async findCase(id: string): Promise<caseV1.Case | null> {
    try {
      return (await this.cases.call('getCase', { id })).case ?? null;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  /** The point's grid when given; otherwise (address only) the reporting user's own unit. */
  private async unitOf(input: PostRequest): Promise<string> {
    if (input.location) {
      try {
        const { location } = await this.locations.call('resolveLocation', input.location);
        if (location?.found && location.gridCode) return location.gridCode;
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'not_found')) throw error;
      }
      throw open311Errors.outsideGrids();
    }
    const scope = IdentityContext.current()?.scopePath;
    if (!scope) throw open311Errors.locationRequired();
    return scope.split('.').pop()!;
  }
}

/** GeoReport: "the default query should return the last 90 days" and at most 1000 requests. */
const DEFAULT_WINDOW_MS = 90 * 24 * 3600_000;
const MAX_RESULTS = 1000;
const PAGE = 200;
/** Pages read per service code: bounds the work of a query reaching far back. */
const MAX_PAGES = 25;

function matches(c: caseV1.Case, filter: RequestsFilter): boolean {
  const requested = Date.parse(c.createdAt);
  return (
    (filter.serviceCodes.length === 0 || filter.serviceCodes.includes(c.category)) &&
    (filter.statuses.length === 0 || filter.statuses.includes(open311Status(c.state))) &&
    (!filter.startDate || requested >= filter.startDate.getTime()) &&
    (!filter.endDate || requested <= filter.endDate.getTime())
  );
}

function formatOf(value: string): Open311Format {
  const format = parseFormat(value);
  if (!format) throw open311Errors.badFormat(value);
  return format;
}

function titleOf(input: PostRequest): string {
  const text = input.description.trim().replace(/\s+/g, ' ');
  const title = text || input.serviceName;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}
