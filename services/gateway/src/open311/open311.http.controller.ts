import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { IdentityContext, logger } from '@yiwang/platform';
import type { Response } from 'express';
import { PublicRoute, RequirePermission } from '../auth/permission.guard.js';
import { ApiRouteWriting } from '../openapi/api-route.decorator.js';
import { Open311ExceptionFilter } from './open311.exception.filter.js';
import { parseFormat, send, type Open311Format } from './open311.format.js';
import {
  definitionShape,
  isServiceCode,
  requestsShape,
  serviceDefinition,
  serviceList,
  servicesShape,
} from './open311.mapping.js';
import {
  createdDoc,
  definitionDoc,
  open311FormatParam,
  open311Errors,
  parsePostRequest,
  parseRequestsQuery,
  postRequestDoc,
  requestsDoc,
  requestsQueryDoc,
  servicesDoc,
} from './open311.requests.js';
import { Open311Service } from './open311.service.js';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services are the case categories, service
 * requests are cases. Every resource answers as `.json` or `.xml`; errors are GeoReport error documents.
 * The protocol's own parsing and error format live here and in open311.requests.ts; what a query finds and
 * how a request becomes a case live in Open311Service.
 */
@Controller('open311/v2')
@UseFilters(Open311ExceptionFilter)
export class Open311HttpController {
  constructor(private readonly open311: Open311Service) {}

  @Get('services.:format')
  @PublicRoute()
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'GeoReport v2: service list',
    params: open311FormatParam,
    response: servicesDoc,
    public: true,
  })
  services(@Param('format') format: string, @Res() response: Response): void {
    send(response, formatOf(format), 200, serviceList(), servicesShape);
  }

  @Get('services/:code.:format')
  @PublicRoute()
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'GeoReport v2: service definition',
    response: definitionDoc,
    public: true,
    errors: [404],
  })
  definition(@Param('code') code: string, @Param('format') format: string, @Res() response: Response): void {
    const f = formatOf(format);
    if (!isServiceCode(code)) throw open311Errors.unknownService(code);
    send(response, f, 200, [serviceDefinition(code)], definitionShape);
  }

  @Get('requests.:format')
  @RequirePermission('case:read')
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'GeoReport v2: service requests',
    query: requestsQueryDoc,
    response: requestsDoc,
  })
  async requests(
    @Param('format') format: string,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    send(response, f, 200, await this.open311.findRequests(parseRequestsQuery(query)), requestsShape);
  }

  @Get('requests/:id.:format')
  @RequirePermission('case:read')
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'GeoReport v2: one service request',
    response: requestsDoc,
    errors: [404],
  })
  async request(
    @Param('id') id: string,
    @Param('format') format: string,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    send(response, f, 200, [await this.open311.findRequest(id)], requestsShape);
  }

  @Post('requests.:format')
  @RequirePermission('case:report')
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'GeoReport v2: create a service request (form or JSON; api_key or bearer)',
    body: postRequestDoc,
    bodyType: 'application/x-www-form-urlencoded',
    response: createdDoc,
    status: 201,
  })
  async create(
    @Param('format') format: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    const created = await this.open311.createRequest(
      parsePostRequest(body),
      IdentityContext.current(),
      idempotencyKey,
    );
    logger().info({ caseId: created.id, replayed: created.replayed }, 'open311 request accepted');
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
}

function formatOf(value: string): Open311Format {
  const format = parseFormat(value);
  if (!format) throw open311Errors.badFormat(value);
  return format;
}
