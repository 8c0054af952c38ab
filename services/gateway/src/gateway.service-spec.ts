import type { ServiceSpec } from '@yiwang/platform';
import { AppModule } from './app.module.js';
import { gatewayConfigSchema, type GatewayConfig } from './gateway.config.js';
import { gatewayMigrations } from './database/migrations/index.js';
import { identityMiddleware } from './identity/identity.middleware.js';

export const gatewayServiceSpec: ServiceSpec<GatewayConfig> = {
  name: 'gateway',
  schema: 'gateway',
  configSchema: gatewayConfigSchema,
  entities: [],
  migrations: gatewayMigrations,
  module: (config) => AppModule.forRoot(config),
  bodyLimit: (config) => config.BODY_LIMIT,
  configureApp: (app) => {
    app.use(identityMiddleware);
  },
};
