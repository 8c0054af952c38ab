import type { ServiceSpec } from '@yiwang/platform';
import { AppModule } from './app.module.js';
import { partyOrgConfigSchema, type PartyOrgConfig } from './party-org.config.js';
import { partyOrgMigrations } from './database/migrations/index.js';

/** Skeleton until its own issue: health, config, database, outbox relay and streams are wired. */
export const partyOrgServiceSpec: ServiceSpec<PartyOrgConfig> = {
  name: 'party-org',
  schema: 'party_org',
  configSchema: partyOrgConfigSchema,
  entities: [],
  migrations: partyOrgMigrations,
  module: () => AppModule,
};
