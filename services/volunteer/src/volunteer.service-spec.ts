import type { ServiceSpec } from '@yiwang/platform';
import { AppModule } from './app.module.js';
import { volunteerConfigSchema, type VolunteerConfig } from './volunteer.config.js';
import { volunteerMigrations } from './database/migrations/index.js';

/** Skeleton until its own issue: health, config, database, outbox relay and streams are wired. */
export const volunteerServiceSpec: ServiceSpec<VolunteerConfig> = {
  name: 'volunteer',
  schema: 'volunteer',
  configSchema: volunteerConfigSchema,
  entities: [],
  migrations: volunteerMigrations,
  module: () => AppModule,
};
