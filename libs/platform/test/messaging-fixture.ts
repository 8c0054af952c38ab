import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import {
  createLogger,
  createDataSource,
  runMigrations,
  PlatformOutboxInbox1763769600000,
} from '@yiwang/platform';
import { testDatabaseUrl } from '@yiwang/testing';

export const silentLogger = createLogger('test', 'silent');

/**
 * A schema of its own for one test file, with the platform's outbox and inbox and an `effects` table a
 * handler writes to, so no service process running in the same worker can touch these rows.
 */
export async function isolatedSchema(label: string): Promise<{ dataSource: DataSource; schema: string }> {
  const schema = `${label}_${randomUUID().slice(0, 8)}`;
  const dataSource = createDataSource({
    url: testDatabaseUrl(),
    schema,
    entities: [],
    migrations: [PlatformOutboxInbox1763769600000],
    poolSize: 8,
  });
  await dataSource.initialize();
  await runMigrations(dataSource, schema);
  await dataSource.query(
    `CREATE TABLE "${schema}".effects (event_id uuid PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  return { dataSource, schema };
}
