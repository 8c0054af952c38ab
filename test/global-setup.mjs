// Once per `jest` run: a template database with every service's migrations applied, then one fresh copy
// per worker (CREATE DATABASE … TEMPLATE is a file copy: milliseconds, not a re-migration).
import pg from 'pg';
import { migrateService } from '@yiwang/platform';
import { specs } from './service-migrations.mjs';

export default async function globalSetup(globalConfig) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const runId = process.env.YIWANG_TEST_RUN_ID;
  if (!adminUrl || !runId) {
    throw new Error(
      'Run the tests with `npm test`: it provisions PostgreSQL and NATS and sets TEST_DATABASE_URL.',
    );
  }
  const admin = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  try {
    // Leftovers of earlier runs go; a run started in the last six hours may still be going on.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'yiwang_test_%'`);
    for (const { datname } of rows) {
      const started = parseInt(datname.split('_')[2], 36);
      if (Number.isFinite(started) && Date.now() - started < 6 * 3600_000) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    const template = `yiwang_test_${runId}_template`;
    await admin.query(`CREATE DATABASE "${template}"`);
    for (const spec of specs) await migrateService(spec, { DATABASE_URL: withDatabase(adminUrl, template) });
    const workers = Math.max(1, Number(globalConfig.maxWorkers) || 1);
    for (let worker = 1; worker <= workers; worker += 1) {
      await admin.query(`CREATE DATABASE "yiwang_test_${runId}_w${worker}" TEMPLATE "${template}"`);
    }
  } finally {
    await admin.end();
  }
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
