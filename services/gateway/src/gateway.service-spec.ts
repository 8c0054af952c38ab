import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceSpec } from '@yiwang/platform';
import { AppModule } from './app.module.js';
import { gatewayEntities } from './database/entities.js';
import { gatewayConfigSchema, type GatewayConfig } from './gateway.config.js';
import { gatewayMigrations } from './database/migrations/index.js';
import { logger } from '@yiwang/platform';
import { DEFAULT_WEB_DIST, webUiMiddleware } from './web/web-ui.middleware.js';

export const gatewayServiceSpec: ServiceSpec<GatewayConfig> = {
  name: 'gateway',
  schema: 'gateway',
  configSchema: gatewayConfigSchema,
  entities: gatewayEntities,
  migrations: gatewayMigrations,
  module: (config) => AppModule.forRoot(config),
  bodyLimit: (config) => config.BODY_LIMIT,
  configureApp: (app, config) => {
    const express = app as NestExpressApplication;
    // Client addresses feed the login throttle: only proxies we run may set X-Forwarded-For.
    express.set(
      'trust proxy',
      config.TRUST_PROXY.split(',').map((s) => s.trim()),
    );
    express.disable('x-powered-by');
    if (config.WEB_UI) {
      const dir = config.WEB_DIST_DIR ?? DEFAULT_WEB_DIST;
      const ui = webUiMiddleware(dir);
      if (ui) express.use(ui);
      else logger().warn({ dir }, 'the web UI is not built (npm run build): / serves nothing');
    }
  },
};
