import { grpcPackages, protoFiles } from '@yiwang/contracts';
import type { ServiceSpec } from '@yiwang/platform';
import { AppModule } from './app.module.js';
import { caseConfigSchema, type CaseConfig } from './case.config.js';
import { caseEntities } from './database/entities.js';
import { caseMigrations } from './database/migrations/index.js';

export const caseServiceSpec: ServiceSpec<CaseConfig> = {
  name: 'case',
  schema: 'case',
  configSchema: caseConfigSchema,
  entities: caseEntities,
  migrations: caseMigrations,
  module: () => AppModule,
  grpc: { package: grpcPackages.case, protoFiles: protoFiles.case, port: (config) => config.GRPC_PORT },
};
