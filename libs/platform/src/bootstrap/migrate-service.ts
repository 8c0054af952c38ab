import type { BaseServiceConfig } from '../config/define-config.js';
import { createDataSource } from '../database/data-source.js';
import { runMigrations } from '../database/migrate.js';
import type { ServiceSpec } from '../module/service-spec.js';

/** Applies a service's pending migrations with a short-lived connection. */
export async function migrateService(
  spec: Pick<ServiceSpec<never>, 'name' | 'schema' | 'entities' | 'migrations'>,
  config: Pick<BaseServiceConfig, 'DATABASE_URL'>,
): Promise<string[]> {
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema: spec.schema,
    entities: spec.entities,
    migrations: spec.migrations,
    poolSize: 2,
    applicationName: `${spec.name}-migrate`,
  });
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource, spec.schema);
  } finally {
    await dataSource.destroy();
  }
}

/** Entry point of `npm run migrate` and of the Kubernetes migration job: migrate, report, exit. */
export async function runMigrateCommand<C extends BaseServiceConfig>(spec: ServiceSpec<C>): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(`[${spec.name}] DATABASE_URL: is required but not set\n`);
    process.exit(78);
  }
  try {
    const applied = await migrateService(spec, { DATABASE_URL: url });
    process.stdout.write(
      JSON.stringify({ level: 'info', service: spec.name, msg: 'migrations complete', applied }) + '\n',
    );
    process.exit(0);
  } catch (error) {
    process.stderr.write(`[${spec.name}] migration failed: ${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  }
}
