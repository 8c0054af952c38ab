import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import { CATEGORY_CATALOGUE_CHANGESET } from '@yiwang/contracts';
import { CONFIG } from '@yiwang/platform';
import type { Request, Response } from 'express';
import { PublicRoute } from '../auth/permission.guard.js';
import type { GatewayConfig } from '../gateway.config.js';
import { ApiRouteWriting } from '../openapi/api-route.decorator.js';
import { Open311ExceptionFilter } from './open311.exception.filter.js';
import { parseFormat, sendOne } from './open311.format.js';
import { originOf } from './open311.http.controller.js';
import { discoveryDoc, open311Errors, open311FormatParam } from './open311.requests.js';

export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';

/**
 * Open311 Service Discovery (http://wiki.open311.org/Service_Discovery): one document at a URL ending in
 * /discovery, in XML and JSON, naming the GeoReport v2 endpoint, its formats and when services changed.
 */
@Controller('open311')
@UseFilters(Open311ExceptionFilter)
export class Open311DiscoveryController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get('discovery.:format')
  @PublicRoute()
  @ApiRouteWriting({
    tag: 'open311',
    summary: 'Open311 service discovery',
    params: open311FormatParam,
    response: discoveryDoc,
    public: true,
  })
  discovery(@Param('format') format: string, @Req() request: Request, @Res() response: Response): void {
    const f = parseFormat(format);
    if (!f) throw open311Errors.badFormat(format);
    sendOne(
      response,
      f,
      200,
      {
        changeset: CATEGORY_CATALOGUE_CHANGESET,
        contact: this.config.OPEN311_CONTACT ?? null,
        key_service: this.config.OPEN311_KEY_SERVICE ?? null,
        endpoints: [
          {
            specification: GEOREPORT_V2,
            url: `${originOf(this.config, request)}/open311/v2`,
            changeset: CATEGORY_CATALOGUE_CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      },
      { root: 'discovery', children: { endpoints: 'endpoint', formats: 'format' } },
    );
  }
}
