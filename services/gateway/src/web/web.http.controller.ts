import { Controller, Get, Inject } from '@nestjs/common';
import { CONFIG } from '@yiwang/platform';
import { z } from 'zod';
import { PublicRoute } from '../auth/permission.guard.js';
import type { GatewayConfig } from '../gateway.config.js';
import { ApiRoute, named } from '../openapi/api-route.decorator.js';

const uiConfig = named(
  'UiConfig',
  z.strictObject({
    oidc: z
      .strictObject({ issuer: z.string(), clientId: z.string(), scope: z.string() })
      .nullable()
      .describe('Set when users log in through an external OpenID Connect provider'),
    mapTileUrl: z.string().nullable().describe('Raster tile URL template for the maps; null: no base map'),
  }),
);

/** What the web UI needs to know before anyone has logged in. */
@Controller('api/v1/ui')
export class WebHttpController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get('config')
  @PublicRoute()
  @ApiRoute({
    tag: 'ui',
    summary: 'Login method and map settings for the web UI',
    public: true,
    response: uiConfig,
  })
  uiConfig() {
    const c = this.config;
    return {
      oidc:
        c.OIDC_ISSUER && c.WEB_OIDC_CLIENT_ID
          ? { issuer: c.OIDC_ISSUER, clientId: c.WEB_OIDC_CLIENT_ID, scope: c.WEB_OIDC_SCOPE }
          : null,
      mapTileUrl: c.WEB_MAP_TILE_URL ?? null,
    };
  }
}
