import { grpcPackages, protoFiles } from '@yiwang/contracts';
import type { ServiceSpec } from '@yiwang/platform';
import { AppModule } from './app.module.js';
import { gridConfigSchema, type GridConfig } from './grid.config.js';
import { gridEntities } from './database/entities.js';
import { gridMigrations } from './database/migrations/index.js';

export const gridServiceSpec: ServiceSpec<GridConfig> = {
  name: 'grid',
  schema: 'grid',
  configSchema: gridConfigSchema,
  entities: gridEntities,
  migrations: gridMigrations,
  module: () => AppModule,
  grpc: { package: grpcPackages.grid, protoFiles: protoFiles.grid, port: (config) => config.GRPC_PORT },
};
