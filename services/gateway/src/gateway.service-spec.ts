import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceSpec } from '@yiwang/platform';
import { urlencoded } from 'express';
import { AppModule } from './app.module.js';
import { gatewayEntities } from './database/entities.js';
import { gatewayConfigSchema, type GatewayConfig } from './gateway.config.js';
import { gatewayMigrations } from './database/migrations/index.js';

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
    // OAuth2 clients send the client-credentials grant form-encoded (RFC 6749 §4.4.2); only this route.
    express.use('/api/v1/auth/token', urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
  },
};
