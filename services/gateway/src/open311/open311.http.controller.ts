import { pipeTo } from '../case-attachments/attachment-streams.js';
import { Controller, Get, Headers, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CONFIG, IdentityContext, logger } from '@yiwang/platform';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { PublicRoute, RequirePermission } from '../auth/permission.guard.js';
import { ApiRouteWriting, ValidBody } from '../openapi/api-route.decorator.js';
import { Open311ExceptionFilter } from './open311.exception.filter.js';
import type { GatewayConfig } from '../gateway.config.js';
import { parseFormat, send, sendOne, type Open311Format } from './open311.format.js';
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
  parseRequestsQuery,
  postRequestBody,
  requestsDoc,
  requestsQueryDoc,
  servicesDoc,
  tokensDoc,
} from './open311.requests.js';
import { Open311Service, type ReadContext } from './open311.service.js';

const tokenShape = { root: 'service_requests', item: 'request' };
const mediaParams = z.object({ caseId: z.string(), attachmentId: z.string() });

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services are the case categories, service
 * requests are cases. Every resource answers as `.json` or `.xml`; errors are GeoReport error documents.
 * The protocol's own parsing and error format live here and in open311.requests.ts; what a query finds and
 * how a request becomes a case live in Open311Service.
 */
@Controller('open311/v2')
@UseFilters(Open311ExceptionFilter)
export class Open311HttpController {
  constructor(
    private readonly open311: Open311Service,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

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
    sendOne(response, f, 200, serviceDefinition(code), definitionShape);
  }

  // Reads are public (no api_key, as GeoReport has them) unless OPEN311_PUBLIC_READS=false; a caller who
  // gives credentials needs case:read and reads in its scope. Open311Service decides; the permission below
  // documents what a credentialed caller needs.
  @Get('requests.:format')
  @PublicRoute()
  @RequirePermission('case:read')
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'GeoReport v2: service requests (public unless OPEN311_PUBLIC_READS=false)',
    query: requestsQueryDoc,
    response: requestsDoc,
  })
  async requests(
    @Param('format') format: string,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    const found = await this.open311.findRequests(parseRequestsQuery(query), this.context(request));
    send(response, f, 200, found, requestsShape);
  }

  @Get('requests/:id.:format')
  @PublicRoute()
  @RequirePermission('case:read')
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'GeoReport v2: one service request (public unless OPEN311_PUBLIC_READS=false)',
    response: requestsDoc,
    errors: [404],
  })
  async request(
    @Param('id') id: string,
    @Param('format') format: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    send(response, f, 200, [await this.open311.findRequest(id, this.context(request))], requestsShape);
  }

  @Get('tokens/:token.:format')
  @PublicRoute()
  @RequirePermission('case:read')
  @ApiRouteWriting({
    tag: 'open311',
    summary: "GeoReport v2: the request a token (the POST's Idempotency-Key) became; empty while pending",
    response: tokensDoc,
  })
  async token(
    @Param('token') token: string,
    @Param('format') format: string,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    if (token.length > 200)
      throw open311Errors.invalid([{ field: 'token', message: 'at most 200 characters' }]);
    send(response, f, 200, await this.open311.findToken(token), tokenShape);
  }

  @Get('media/:caseId/:attachmentId')
  @PublicRoute()
  @RequirePermission('case:read')
  @ApiRouteWriting({
    tag: 'open311',
    summary: "A request's public photo (its media_url): the first image its reporter attached",
    params: mediaParams,
    response: z.string().describe('The image, with its own Content-Type'),
    responseType: 'application/octet-stream',
    errors: [404],
  })
  async media(
    @Param('caseId') caseId: string,
    @Param('attachmentId') attachmentId: string,
    @Res() response: Response,
  ): Promise<void> {
    const media = await this.open311.media(caseId, attachmentId);
    response
      .status(200)
      .setHeader('Content-Type', media.type)
      .setHeader('Content-Length', String(media.size))
      .setHeader('Content-Disposition', 'inline')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Cache-Control', 'public, max-age=300')
      .setHeader('ETag', `"sha256-${media.sha256}"`);
    await pipeTo(media.chunks, response);
  }

  private context(request: Request): ReadContext {
    return { origin: originOf(this.config, request) };
  }

  @Post('requests.:format')
  @RequirePermission('case:report')
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'GeoReport v2: create a service request (form or JSON; api_key or bearer)',
    body: postRequestBody,
    bodyType: 'application/x-www-form-urlencoded',
    response: createdDoc,
    status: 201,
  })
  async create(
    @Param('format') format: string,
    @ValidBody() body: z.output<typeof postRequestBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const f = formatOf(format);
    const created = await this.open311.createRequest(body, IdentityContext.current(), idempotencyKey);
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

export function originOf(config: GatewayConfig, request: Request): string {
  return (config.OPEN311_BASE_URL ?? `${request.protocol}://${request.get('host')}`).replace(/\/+$/, '');
}

function formatOf(value: string): Open311Format {
  const format = parseFormat(value);
  if (!format) throw open311Errors.badFormat(value);
  return format;
}
