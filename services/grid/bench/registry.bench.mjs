// The registry's benchmarks, in three parts (all by default; `BENCH_REGISTRY=search npm run bench --
// registry` runs a subset, comma-separated: import, location, search):
//   import    this file, below
//   location  ResolveLocation with 20,000 grids, in process and over gRPC (location-bench.mjs)
//   search    resident search latency at 5,000,000 residents (search-bench.mjs; BENCH_RESIDENTS=200000
//             for a quick run)
//
// Registry import: residents per second for a CSV of 1,000,000 × scale residents through the import
// pipeline (parse, validate, encrypt, COPY into staging, upsert households, residents and residences,
// outbox events), side by side with `psql \copy` of the same file into a bare table as the floor; and
// peak memory at two file sizes, which stays flat because only the current batches are held. Each
// import runs in a fresh process (this file, run with --import-child), so that its peak RSS is its own.
// Runs in a database of its own (the grid migrations name their schema), dropped at the end.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { createDataSource, OutboxWriter, runMigrations } from '@yiwang/platform';
import { dropDatabaseWhenIdle } from '@yiwang/testing';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { gridEntities } from '../dist/database/entities.js';
import { gridMigrations } from '../dist/database/migrations/index.js';
import { ImportJobRepository } from '../dist/imports/import-job.repository.js';
import { fileSource, ResidentImportService } from '../dist/imports/resident-import.service.js';
import {
  makeIdNumber,
  makeName,
  PiiCipher,
  seededRandom,
  SYNTHETIC_SEQUENCE_RANGE,
} from '../dist/people/index.js';
import { SYSTEM_SCOPE } from '../dist/scope/data-scope.js';
import { runLocation } from './location-bench.mjs';
import { runSearch } from './search-bench.mjs';

export const description =
  'registry: CSV import against psql \\copy; ResolveLocation in process and over gRPC; resident search latency';

const PARTS = ['import', 'location', 'search'];

export default async function run(context) {
  const wanted = (process.env.BENCH_REGISTRY ?? PARTS.join(','))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = wanted.filter((p) => !PARTS.includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown BENCH_REGISTRY part(s) ${unknown.join(', ')}; known: ${PARTS.join(', ')}`);
  const rows = [];
  for (const part of wanted) {
    context.log(`— ${part}`);
    if (part === 'import') rows.push(...(await runImport(context)));
    if (part === 'location') rows.push(...(await runLocation(context)));
    if (part === 'search') rows.push(...(await runSearch(context)));
  }
  return rows;
}

const DAY = 86_400_000;
const BIRTH_DAYS = 30_000; // 1930-01-01 … 2012-02
const COMMUNITIES = 10;
const COLUMNS = 'household_no,community_code,building,entrance,room,address,name,id_number,phone,relation';

async function runImport({ databaseUrl, scale, log }) {
  const total = Math.max(1_000, Math.round(1_000_000 * scale));
  const small = Math.max(1_000, Math.round(total / 4));
  const database = `yiwang_bench_import_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-bench-import-'));
  const dataSource = createDataSource({
    url: url.toString(),
    schema: 'grid',
    entities: gridEntities,
    migrations: gridMigrations,
    poolSize: 4,
    applicationName: 'bench-import',
  });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, 'grid');
    const communities = await seedUnits(dataSource);

    log(`writing ${total.toLocaleString('en')} + ${small.toLocaleString('en')} rows`);
    const bigFile = join(dir, 'residents.csv');
    const smallFile = join(dir, 'residents-25.csv');
    await writeCsv(bigFile, total, communities, 0);
    // Other people (other sequence numbers), so the small import is not a re-import of the big one.
    await writeCsv(smallFile, small, communities, Math.ceil(total / BIRTH_DAYS));
    const size = statSync(bigFile).size;

    // Floor: the same file into a bare table, best of two.
    await dataSource.query(
      `CREATE TABLE bare (household_no text, community_code text, building text, entrance text, room text,
         address text, name text, id_number text, phone text, relation text)`,
    );
    const psql = spawnSync('psql', ['--version'], { encoding: 'utf8' }).status === 0;
    let floorSeconds = Infinity;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await dataSource.query('TRUNCATE bare');
      const started = performance.now();
      if (psql) copyWithPsql(url.toString(), bigFile);
      else await copyWithStream(url.toString(), bigFile);
      floorSeconds = Math.min(floorSeconds, (performance.now() - started) / 1000);
    }
    const floor = total / floorSeconds;
    log(`floor (${psql ? 'psql \\copy' : 'COPY through pg-copy-streams'}): ${Math.round(floor)} rows/s`);

    // The same keys for every import, so that the re-import recognises the numbers.
    const keys = { key: randomBytes(32).toString('base64'), hmac: randomBytes(32).toString('base64') };
    const measured = (file) => importInChild({ url: url.toString(), file, ...keys });

    const quarter = measured(smallFile);
    log(`import of ${small}: ${Math.round(quarter.rate)} rows/s, peak RSS ${mb(quarter.peak)} MB`);
    const again = measured(smallFile);
    if (again.report.rowsUnchanged !== small) throw new Error('the re-import changed rows');
    log(`re-import of ${small}: ${Math.round(again.rate)} rows/s, all unchanged`);
    await dataSource.query(
      'TRUNCATE residents, residences, households, buildings, outbox, import_errors, import_jobs',
    );
    const full = measured(bigFile);
    log(`import of ${total}: ${Math.round(full.rate)} rows/s, peak RSS ${mb(full.peak)} MB`);

    return [
      {
        name: `import ${total.toLocaleString('en')} residents (${(size / 1e6).toFixed(0)} MB CSV)`,
        value: full.rate,
        unit: 'rows/s',
        floor,
        note: psql
          ? 'floor: psql \\copy of the same file into a bare table'
          : 'floor: COPY of the same file through pg-copy-streams (psql not on PATH)',
      },
      {
        name: `re-import ${small.toLocaleString('en')} rows, all unchanged`,
        value: again.rate,
        unit: 'rows/s',
        floor,
      },
      {
        name: `peak RSS, import of ${small.toLocaleString('en')} rows`,
        value: quarter.peak / 1e6,
        unit: 'MB',
        note: `fresh process; ${mb(quarter.ready)} MB when the import started`,
      },
      {
        name: `peak RSS, import of ${total.toLocaleString('en')} rows`,
        value: full.peak / 1e6,
        unit: 'MB',
        note:
          `fresh process; ${mb(full.ready)} MB when the import started; ` +
          `${(full.peak / quarter.peak).toFixed(2)}× the 25% import for 4× the rows; ` +
          `at most ${full.report.maxRowsInFlight} rows in flight`,
      },
    ];
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabaseWhenIdle(admin, database).catch(() => undefined);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A district with COMMUNITIES communities, each with a boundary, so new buildings have a place. */
async function seedUnits(dataSource) {
  const units = [
    ['44', 'province', null],
    ['4401', 'city', '44'],
    ['440106', 'district', '4401'],
    ['440106001', 'street', '440106'],
  ];
  const communities = [];
  for (let i = 1; i <= COMMUNITIES; i += 1) {
    const code = `440106001${String(i).padStart(3, '0')}`;
    units.push([code, 'community', '440106001']);
    communities.push(code);
  }
  for (const [code, level, parent] of units) {
    const path = [2, 4, 6, 9, 12]
      .filter((l) => l <= code.length)
      .map((l) => code.slice(0, l))
      .join('.');
    const lng = 113.3 + (communities.indexOf(code) + 1) * 0.01;
    const boundary =
      level === 'community'
        ? JSON.stringify({
            type: 'Polygon',
            coordinates: [
              [
                [lng, 23.1],
                [lng + 0.01, 23.1],
                [lng + 0.01, 23.11],
                [lng, 23.11],
                [lng, 23.1],
              ],
            ],
          })
        : null;
    await dataSource.query(
      `INSERT INTO units (code, name, level, kind, parent_code, path, boundary) VALUES ($1, $2, $3, $3, $4, $5, $6)`,
      [code, `单位${code}`, level, parent, path, boundary],
    );
  }
  return communities;
}

/**
 * Synthetic residents: checksum-valid ID numbers from the demo sequence range, born on BIRTH_DAYS
 * different days (so that numbers are unique), three to a household, sixty households to a building.
 */
async function writeCsv(path, rows, communities, sequenceOffset) {
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${COLUMNS}\n`);
  const random = seededRandom(sequenceOffset + 7);
  const born = Date.UTC(1930, 0, 1);
  const prefix = `B${sequenceOffset}`;
  for (let i = 0; i < rows; i += 1) {
    const sequence = SYNTHETIC_SEQUENCE_RANGE[0] + sequenceOffset + Math.floor(i / BIRTH_DAYS);
    const birth = new Date(born + (i % BIRTH_DAYS) * DAY).toISOString().slice(0, 10);
    const idNumber = makeIdNumber('440106', birth, sequence);
    const household = Math.floor(i / 3);
    const building = Math.floor(household / 60);
    const community = communities[building % communities.length];
    const room = `${(household % 20) + 1}0${(household % 3) + 1}`;
    const name = makeName(random, sequence % 2 ? 'male' : 'female');
    const phone = i % 2 ? `1390${String(i).padStart(7, '0')}` : '';
    const relation = i % 3 === 0 ? 'head' : i % 3 === 1 ? 'spouse' : 'child';
    await write(
      `${prefix}-${household},${community},${building}栋,${(household % 4) + 1},${room},` +
        `广州市海珠区${building}栋${room}室,${name},${idNumber},${phone},${relation}\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

function copyWithPsql(url, file) {
  const result = spawnSync(
    'psql',
    [
      url,
      '-v',
      'ON_ERROR_STOP=1',
      '-q',
      '-c',
      `\\copy grid.bare FROM '${file}' WITH (FORMAT csv, HEADER true)`,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`psql \\copy failed: ${result.stderr}`);
}

async function copyWithStream(url, file) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await pipeline(
      createReadStream(file),
      client.query(copyFrom(`COPY grid.bare FROM STDIN WITH (FORMAT csv, HEADER true)`)),
    );
  } finally {
    await client.end();
  }
}

const mb = (bytes) => (bytes / 1e6).toFixed(0);

/** Runs one import in a fresh process; its report, its RSS when the import began, and its peak RSS. */
function importInChild(job) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--import-child'], {
    env: { ...process.env, BENCH_IMPORT: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`import process failed (exit ${result.status})`);
  const outcome = JSON.parse(result.stdout.trim().split('\n').at(-1));
  const { report } = outcome;
  if (report.status !== 'done' || report.rowsFailed > 0) {
    throw new Error(`import ${report.status}: ${report.failure ?? `${report.rowsFailed} rows failed`}`);
  }
  return { ...outcome, rate: report.rowsRead / (report.elapsedMs / 1000) };
}

async function importChild() {
  const { url, file, key, hmac } = JSON.parse(process.env.BENCH_IMPORT);
  const dataSource = createDataSource({
    url,
    schema: 'grid',
    entities: gridEntities,
    migrations: [],
    poolSize: 2,
    applicationName: 'bench-import',
  });
  await dataSource.initialize();
  const cipher = new PiiCipher({
    keys: { bench: Buffer.from(key, 'base64') },
    activeKeyId: 'bench',
    hmacKey: Buffer.from(hmac, 'base64'),
  });
  const imports = new ResidentImportService(
    dataSource,
    cipher,
    new ImportJobRepository(dataSource),
    new OutboxWriter('grid'),
  );
  const ready = process.memoryUsage().rss;
  const report = await imports.import(SYSTEM_SCOPE, await fileSource(file));
  // The process's high-water mark, in kilobytes: no sampling can miss the peak.
  const peak = process.resourceUsage().maxRSS * 1024;
  await dataSource.destroy();
  process.stdout.write(`${JSON.stringify({ report, ready, peak })}\n`);
}

if (process.argv[2] === '--import-child') {
  await importChild();
  process.exit(0);
}
