// A database of its own for one benchmark part (the grid migrations name their schema), migrated, and
// dropped again at the end; plus the administrative units a part needs.
import { createDataSource, runMigrations } from '@yiwang/platform';
import { dropDatabaseWhenIdle } from '@yiwang/testing';
import pg from 'pg';
import { gridEntities } from '../dist/database/entities.js';
import { gridMigrations } from '../dist/database/migrations/index.js';
import { pathOfCode } from '../dist/units/unit-levels.js';

/** Runs `work({ url, dataSource })` in a fresh migrated database, dropped afterwards whatever happens. */
export async function withBenchDatabase(databaseUrl, part, work, { poolSize = 4 } = {}) {
  const database = `yiwang_bench_${part}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  const dataSource = createDataSource({
    url: url.toString(),
    schema: 'grid',
    entities: gridEntities,
    migrations: gridMigrations,
    poolSize,
    applicationName: `bench-${part}`,
  });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, 'grid');
    return await work({ url: url.toString(), dataSource });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabaseWhenIdle(admin, database);
    await admin.end();
  }
}

/**
 * Inserts units in one statement each level: `units` is [code, name, boundary GeoJSON or null][]; levels
 * and paths follow from the codes, ancestors must come first or already exist.
 */
export async function insertUnits(dataSource, units) {
  const rows = units.map(([code, name, boundary]) => {
    const path = pathOfCode(code);
    const level = { 2: 'province', 4: 'city', 6: 'district', 9: 'street', 12: 'community' }[code.length];
    return [
      code,
      name,
      level,
      path.split('.').at(-2) ?? null,
      path,
      boundary ? JSON.stringify(boundary) : null,
    ];
  });
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000);
    await dataSource.query(
      `INSERT INTO units (code, name, level, kind, parent_code, path, boundary)
       SELECT c, n, l, l, p, pa, b::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(c, n, l, p, pa, b)`,
      [0, 1, 2, 3, 4, 5].map((k) => chunk.map((r) => r[k])),
    );
  }
}

/** The test district 440106's ancestors (Guangdong, Guangzhou) and the district itself. */
export const DISTRICT_UNITS = [
  ['44', '广东省', null],
  ['4401', '广州市', null],
  ['440106', '天河区', null],
];
