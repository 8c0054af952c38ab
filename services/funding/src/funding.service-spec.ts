import type { ServiceSpec } from '@yiwang/platform';
import { AppModule } from './app.module.js';
import { fundingConfigSchema, type FundingConfig } from './funding.config.js';
import { fundingMigrations } from './database/migrations/index.js';

/** Skeleton until its own issue: health, config, database, outbox relay and streams are wired. */
export const fundingServiceSpec: ServiceSpec<FundingConfig> = {
  name: 'funding',
  schema: 'funding',
  configSchema: fundingConfigSchema,
  entities: [],
  migrations: fundingMigrations,
  module: () => AppModule,
};
