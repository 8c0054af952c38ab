import type { DataSource } from 'typeorm';
import { quoteIdent } from './data-source.js';

/**
 * Runs pending migrations under an advisory lock, so several replicas starting at once (or a Kubernetes
 * migration job racing a pod) apply each migration exactly once.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`yiwang-migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`yiwang-migrate:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}
