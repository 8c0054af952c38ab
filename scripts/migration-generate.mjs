// `npm run migration:generate -- <service> <Name>`: compares a service's entities with its schema after
// all its existing migrations have run on a scratch database, and writes the difference as a new migration
// (up and down) for review. Migrations already on main are never edited: this only ever adds a file.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { checkoutPorts, ensurePostgres, log } from './lib/stack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [service, name] = process.argv.slice(2);
if (!service || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- <service> <PascalCaseName>');
  process.exit(2);
}
const specFile = join(root, 'services', service, 'dist', `${service}.service-spec.js`);

const postgres = await ensurePostgres({
  dataDir: join(root, '.data', 'test'),
  port: checkoutPorts(root).postgres,
  database: 'yiwang_migration_gen',
});
try {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/nx/dist/bin/nx.js'),
      'run-many',
      '-t',
      'build',
      `--projects=@yiwang/${service}`,
      '--outputStyle=static',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (!existsSync(specFile))
    throw new Error(`${relative(root, specFile)} not found: is "${service}" a service?`);
  const admin = new pg.Client({ connectionString: postgres.url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS yiwang_migration_gen WITH (FORCE)');
  await admin.query('CREATE DATABASE yiwang_migration_gen');
  await admin.end();

  const platform = await import(pathToFileURL(join(root, 'libs/platform/dist/index.js')).href);
  const module = await import(pathToFileURL(specFile).href);
  const spec = Object.values(module).find(
    (v) => v && typeof v === 'object' && 'schema' in v && 'migrations' in v,
  );
  const dataSource = platform.createDataSource({
    url: postgres.url,
    schema: spec.schema,
    entities: spec.entities,
    migrations: spec.migrations,
  });
  await dataSource.initialize();
  await platform.runMigrations(dataSource, spec.schema);
  const sql = await dataSource.driver.createSchemaBuilder().log();
  await dataSource.destroy();
  if (sql.upQueries.length === 0) {
    log(`no changes: the ${service} entities match its migrations`);
  } else {
    const timestamp = Date.now();
    const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    const file = join(root, 'services', service, 'src', 'database', 'migrations', `${timestamp}-${kebab}.ts`);
    const q = (query) =>
      `    await runner.query(${JSON.stringify(query.query)}${query.parameters?.length ? `, ${JSON.stringify(query.parameters)}` : ''});`;
    writeFileSync(
      file,
      [
        "import type { MigrationInterface, QueryRunner } from 'typeorm';",
        '',
        `export class ${name}${timestamp} implements MigrationInterface {`,
        `  name = '${name}${timestamp}';`,
        '',
        '  async up(runner: QueryRunner): Promise<void> {',
        ...sql.upQueries.map(q),
        '  }',
        '',
        '  async down(runner: QueryRunner): Promise<void> {',
        ...sql.downQueries.reverse().map(q),
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    log(
      `wrote ${relative(root, file)}: review it, then add ${name}${timestamp} to the service's migrations/index.ts`,
    );
  }
} finally {
  await postgres.stop();
}
