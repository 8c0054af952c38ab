// Overdue detection with 1,000,000 open clocks (× BENCH_SCALE), written with INSERT … SELECT
// generate_series: 994,000 due over the seven days from ten minutes on, then 6,000 due at 200 a second
// for 30 s (inserted and announced with NOTIFY as the case service does), then a 30 s gap with nothing due.
// The deadline scheduler runs in a child process of its own (the same class the case service runs), and
// reports for every fired clock the lag from its due time to the commit of the overdue event + red card.
// Its CPU (process.cpuUsage against wall time) is measured in the gap and in the seven-day steady state,
// side by side with floors in their own processes over the same windows: an idle process holding a
// PostgreSQL connection with @yiwang/platform loaded (what any service pays), the same running a plain
// `SELECT 1` once a second (the least a per-tick poll costs), and a bare idle Node process.
// Runs in a database of its own, dropped at the end.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dropDatabaseWhenIdle } from '@yiwang/testing';
import pg from 'pg';

export const description =
  'overdue detection: 1,000,000 open clocks, due-to-flagged lag (target < 2 s) and scheduler idle CPU against an idle Node process and a SELECT-per-second loop';

const SELF = fileURLToPath(import.meta.url);
const ACTIVE_RATE = 200; // clocks falling due per second in the active window
const ACTIVE_SECONDS = 30;
const GAP_SECONDS = 30;
const LEAD_MS = 3000; // from announcing the active clocks to the first falling due

export default async function run({ databaseUrl, scale, log }) {
  const total = Math.max(20_000, Math.round(1_000_000 * scale));
  const active = ACTIVE_RATE * ACTIVE_SECONDS;
  const database = `yiwang_bench_overdue_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  const children = [];
  try {
    await migrate(url.toString());
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    log(`inserting ${(total - active).toLocaleString('en')} open clocks due over the next seven days`);
    const insertStarted = performance.now();
    await insertClocks(db, total - active, `now() + interval '10 minutes'`, `7 * 86400.0 / $1`);
    await db.query('VACUUM ANALYZE "case".deadline_clocks');
    const insertSeconds = (performance.now() - insertStarted) / 1000;
    log(`inserted in ${insertSeconds.toFixed(1)} s; starting the scheduler and the floors`);

    const scheduler = spawnChild('scheduler', url.toString(), children);
    const idle = spawnChild('idle', url.toString(), children);
    const poll = spawnChild('poll', url.toString(), children);
    const bare = spawnChild('bare', url.toString(), children);
    await Promise.all([scheduler.ready, idle.ready, poll.ready, bare.ready]);
    const lags = [];
    scheduler.on((message) => {
      if (message.type === 'fired') lags.push(...message.lags);
    });

    // The active clocks arrive as the case service writes them: rows, then a NOTIFY with the earliest due.
    const t0 = Date.now() + LEAD_MS;
    await insertClocks(db, active, `to_timestamp(${t0 / 1000})`, `1.0 / ${ACTIVE_RATE}`);
    await db.query(`SELECT pg_notify('case_deadlines', $1)`, [new Date(t0).toISOString()]);
    log(`${active} clocks fall due from t0 at ${ACTIVE_RATE}/s; ${total.toLocaleString('en')} open in all`);

    await sleepUntil(t0);
    const activeStart = await Promise.all([scheduler, idle, poll, bare].map((c) => c.cpu()));
    await sleepUntil(t0 + ACTIVE_SECONDS * 1000 + 2500);
    const activeEnd = await Promise.all([scheduler, idle, poll, bare].map((c) => c.cpu()));
    const activeLags = lags.splice(0);
    // Gap: nothing due for ten minutes, 1,000,000 − active clocks still open (measured after a settling second).
    await sleepUntil(t0 + ACTIVE_SECONDS * 1000 + 5000);
    const gapStart = await Promise.all([scheduler, idle, poll, bare].map((c) => c.cpu()));
    await sleepUntil(t0 + (ACTIVE_SECONDS + GAP_SECONDS) * 1000 + 5000);
    const gapEnd = await Promise.all([scheduler, idle, poll, bare].map((c) => c.cpu()));

    const { rows } = await db.query(
      `SELECT count(*)::int AS fired FROM "case".outbox WHERE subject = 'case.v1.overdue'`,
    );
    const { rows: open } = await db.query(
      `SELECT count(*)::int AS n FROM "case".deadline_clocks WHERE next_fire_at IS NOT NULL`,
    );
    const { rows: missed } = await db.query(
      `SELECT count(*)::int AS n FROM "case".deadline_clocks
       WHERE next_fire_at IS NOT NULL AND due_at <= now() - interval '2 seconds'`,
    );
    await db.end();

    const gapCpu = gapEnd.map((end, i) => cpuPercent(gapStart[i], end));
    const activeCpu = activeEnd.map((end, i) => cpuPercent(activeStart[i], end));
    log(
      `flagged ${activeLags.length} of ${active}; overdue events written ${rows[0].fired}; ` +
        `still open ${open[0].n}; due > 2 s ago and unflagged: ${missed[0].n}`,
    );
    if (activeLags.length < active)
      throw new Error(`only ${activeLags.length} of ${active} clocks were flagged`);
    const idleFloor = 'floor: idle process with @yiwang/platform loaded';
    return [
      {
        name: 'open clocks',
        value: total,
        unit: 'clocks',
        note: `${(total - active).toLocaleString('en')} inserted in ${insertSeconds.toFixed(1)} s`,
      },
      {
        name: 'due → flagged p50',
        value: percentile(activeLags, 0.5),
        unit: 'ms',
        note: `${ACTIVE_RATE} due/s for ${ACTIVE_SECONDS} s`,
      },
      { name: 'due → flagged p99', value: percentile(activeLags, 0.99), unit: 'ms', note: 'target < 2000' },
      { name: 'due → flagged max', value: Math.max(...activeLags), unit: 'ms' },
      { name: 'unflagged clocks due > 2 s ago', value: missed[0].n, unit: 'clocks' },
      {
        name: `scheduler CPU at ${ACTIVE_RATE} due/s`,
        value: activeCpu[0],
        unit: '% of a core',
        floor: activeCpu[2],
        note: 'floor: SELECT 1 per second loop',
      },
      {
        name: 'scheduler CPU idle (nothing due)',
        value: gapCpu[0],
        unit: '% of a core',
        floor: gapCpu[1],
        note: idleFloor,
      },
      {
        name: 'SELECT 1 per second loop CPU',
        value: gapCpu[2],
        unit: '% of a core',
        floor: gapCpu[1],
        note: idleFloor,
      },
      {
        name: 'bare idle Node process CPU',
        value: gapCpu[3],
        unit: '% of a core',
        note: 'no platform (prom-client default metrics cost the rest)',
      },
    ];
  } finally {
    for (const child of children) child.kill();
    await dropDatabaseWhenIdle(admin, database).catch(() => undefined);
    await admin.end();
  }
}

/** Inserts n running completion clocks, the i-th due at `first` + (i − 1) × `step` seconds. */
async function insertClocks(db, n, first, step) {
  await db.query(
    `INSERT INTO "case".deadline_clocks (case_id, kind, tier, state, started_at, due_at, warn_at, warned_for,
       next_fire_at, category, channel, priority, case_state, unit_code, unit_path, department_code, last_seq)
     SELECT gen_random_uuid(), 'completion', NULL, 'running', t.due - interval '37.5 hours', t.due,
       t.due - interval '9 hours', t.due, t.due, 'street_light', 'grid_worker', 'normal', 'accepted',
       '440106001001', ARRAY['44','4401','440106','440106001','440106001001'], 'D-URBAN', 4
     FROM (SELECT ${first} + make_interval(secs => (i - 1) * ${step}) AS due
           FROM generate_series(1, $1::int) AS i) t`,
    [n],
  );
}

async function migrate(databaseUrl) {
  const { createDataSource, runMigrations } = await import('@yiwang/platform');
  const { caseEntities } = await import('../dist/database/entities.js');
  const { caseMigrations } = await import('../dist/database/migrations/index.js');
  const dataSource = createDataSource({
    url: databaseUrl,
    schema: 'case',
    entities: caseEntities,
    migrations: caseMigrations,
    poolSize: 2,
    applicationName: 'bench-overdue-migrate',
  });
  await dataSource.initialize();
  await runMigrations(dataSource, 'case');
  await dataSource.destroy();
}

function spawnChild(role, databaseUrl, children) {
  const child = fork(SELF, ['--bench-child', role], {
    env: { ...process.env, BENCH_CHILD_DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  const listeners = [];
  const pending = [];
  let resolveReady;
  const ready = new Promise((resolve) => (resolveReady = resolve));
  child.on('message', (message) => {
    if (message.type === 'ready') resolveReady();
    else if (message.type === 'cpu') pending.shift()?.(message);
    for (const listener of listeners) listener(message);
  });
  return {
    ready,
    on: (listener) => listeners.push(listener),
    cpu: () =>
      new Promise((resolve) => {
        pending.push(resolve);
        child.send({ type: 'cpu' });
      }),
    kill: () => child.kill(),
  };
}

function cpuPercent(start, end) {
  const cpuMicros = end.user + end.system - (start.user + start.system);
  return (100 * cpuMicros) / 1000 / (end.wall - start.wall);
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const sleepUntil = (at) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

// ---- child processes -------------------------------------------------------------------------------------

async function child(role) {
  const databaseUrl = process.env.BENCH_CHILD_DATABASE_URL;
  process.on('message', (message) => {
    if (message.type === 'cpu') process.send({ type: 'cpu', ...process.cpuUsage(), wall: performance.now() });
  });
  process.on('disconnect', () => process.exit(0));
  if (role === 'bare') {
    process.send({ type: 'ready' });
    return;
  }
  // Every service process loads the platform (prom-client default metrics sample the event loop).
  await import('@yiwang/platform');
  if (role === 'idle') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('LISTEN nothing');
    process.send({ type: 'ready' });
    return;
  }
  if (role === 'poll') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    process.send({ type: 'ready' });
    for (;;) {
      await client.query('SELECT 1');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  const { createDataSource, OutboxWriter, logger } = await import('@yiwang/platform');
  const { caseEntities } = await import('../dist/database/entities.js');
  const { DeadlineScheduler } = await import('../dist/deadlines/deadline-scheduler.js');
  const { DeadlineRepository } = await import('../dist/deadlines/deadline.repository.js');
  const { SupervisionRepository } = await import('../dist/supervision/supervision.repository.js');
  const dataSource = createDataSource({
    url: databaseUrl,
    schema: 'case',
    entities: caseEntities,
    migrations: [],
    poolSize: 4,
    applicationName: 'bench-overdue-scheduler',
  });
  await dataSource.initialize();
  const scheduler = new DeadlineScheduler({
    dataSource,
    databaseUrl,
    deadlines: new DeadlineRepository(),
    cards: new SupervisionRepository(dataSource),
    outbox: new OutboxWriter('case'),
    logger: logger(),
    onFired: (fired, committedAt) =>
      process.send({ type: 'fired', lags: fired.map((f) => committedAt.getTime() - f.dueAt.getTime()) }),
  });
  await scheduler.start();
  process.send({ type: 'ready' });
}

const at = process.argv.indexOf('--bench-child');
if (at !== -1) await child(process.argv[at + 1]);
