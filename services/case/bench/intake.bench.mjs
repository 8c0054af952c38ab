// Case intake through the gateway (HTTP → JWT → gRPC → case service → PostgreSQL row + outbox row in one
// transaction → 201) at 32 and 128 connections for BENCH_DURATION seconds each (default 30), side by side
// in the same run with a floor: a bare Nest + express server inserting the same row straight into
// PostgreSQL (intake-floor.mjs). Then the latency of `case.v1.created` from the case's creation to a
// JetStream consumer receiving it, at a steady 500 cases/s (open loop). Every server is its own process;
// the services run as in production (info logs, tracing spans), their output discarded.
// Runs in a database of its own, dropped at the end.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import autocannon from 'autocannon';
import { dropDatabaseWhenIdle } from '@yiwang/testing';
import pg from 'pg';

export const description =
  'case intake: gateway → gRPC → case service → PostgreSQL + outbox → 201, against a bare Nest + express ' +
  'server inserting the same row; created → consumer latency at 500 cases/s';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const CONNECTIONS = [32, 128];
const EVENT_RATE = 500;

export default async function run({ databaseUrl, natsUrl, log }) {
  const duration = Math.max(1, Number(process.env.BENCH_DURATION ?? 30));
  const latencySeconds = Math.max(5, Math.min(20, duration));
  const database = `yiwang_bench_case_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  const dbUrl = url.toString();
  const prefix = `bench_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-bench-case-'));
  const children = [];
  const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
  let nc;
  try {
    const ports = {
      caseHttp: await freePort(),
      caseGrpc: await freePort(),
      gateway: await freePort(),
      floor: await freePort(),
    };
    const common = {
      DATABASE_URL: dbUrl,
      NATS_URL: natsUrl,
      NATS_PREFIX: prefix,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      NODE_ENV: 'production',
    };
    log('starting the case service and the gateway');
    const caseService = service(
      'case',
      {
        ...common,
        HTTP_PORT: String(ports.caseHttp),
        GRPC_PORT: String(ports.caseGrpc),
        ATTACHMENTS_DIR: join(dir, 'attachments'),
      },
      join(dir, 'case.log'),
    );
    children.push(caseService);
    await waitHttp(`http://127.0.0.1:${ports.caseHttp}/health/live`, caseService);
    const gateway = service(
      'gateway',
      {
        ...common,
        HTTP_PORT: String(ports.gateway),
        CASE_GRPC_ADDR: `127.0.0.1:${ports.caseGrpc}`,
        AUTH_ACCESS_TTL_SECONDS: '7200',
        WEBHOOK_SECRET_KEYS: `bench:${randomBytes(32).toString('base64')}`,
        WEBHOOK_SECRET_ACTIVE_KEY: 'bench',
      },
      join(dir, 'gateway.log'),
    );
    children.push(gateway);
    await waitHttp(`http://127.0.0.1:${ports.gateway}/health/live`, gateway);
    const floor = spawnNode(
      join(here, 'intake-floor.mjs'),
      {
        DATABASE_URL: dbUrl,
        PORT: String(ports.floor),
        POOL_SIZE: '10',
      },
      [],
      join(dir, 'floor.log'),
    );
    children.push(floor);
    await waitFor(() => floor.output().includes('floor ready'), 'the floor server');

    const token = await login(db, ports.gateway);
    const body = JSON.stringify({
      title: '小区路灯不亮',
      description: '3号楼前两盏路灯夜间不亮',
      category: 'street_light',
      channel: 'grid_worker',
      // The unit is named, not located: location resolution (a call to the registry) is not part of this
      // path, as the issue defines it (HTTP → gRPC → PostgreSQL + outbox → 201).
      unitCode: '440106001002-G03',
    });
    const subject = {
      url: `http://127.0.0.1:${ports.gateway}/api/v1/cases`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    };
    const bare = {
      url: `http://127.0.0.1:${ports.floor}/floor/cases`,
      headers: { 'content-type': 'application/json' },
    };

    log('warming up (3 s each)');
    await load(bare, body, 16, 3);
    await load(subject, body, 16, 3);
    await drainOutbox(db);

    const dataDirectory = (await db.query('SHOW data_directory')).rows[0].data_directory;
    const postmaster = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const groups = {
      gateway: () => [gateway.child.pid],
      case: () => [caseService.child.pid],
      floor: () => [floor.child.pid],
      postgres: () => postgresPids(postmaster),
    };
    /** Runs a load and says how many CPU milliseconds each process group spent per created case. */
    const measured = async (target, connections, names) => {
      const before = Object.fromEntries(names.map((n) => [n, cpuByPid(groups[n]())]));
      const result = await load(target, body, connections, duration);
      if (target === subject) await drainOutbox(db); // the relay's work belongs to intake
      const perCase = Object.fromEntries(
        names.map((n) => [
          n,
          (cpuSpent(before[n], cpuByPid(groups[n]())) * 1000) / Math.max(1, result.total),
        ]),
      );
      const cpuTotal = Object.values(perCase).reduce((a, b) => a + b, 0);
      const cpu = Object.entries(perCase)
        .map(([n, v]) => `${n} ${v.toFixed(2)}`)
        .join(' + ');
      return { ...result, cpuTotal, cpu };
    };

    const rows = [];
    for (const connections of CONNECTIONS) {
      log(`floor at ${connections} connections for ${duration} s`);
      const f = await measured(bare, connections, ['floor', 'postgres']);
      log(`  CPU ms per case: ${f.cpu}`);
      log(`intake through the gateway at ${connections} connections for ${duration} s`);
      const s = await measured(subject, connections, ['gateway', 'case', 'postgres']);
      log(`  CPU ms per case: ${s.cpu}`);
      log(
        `  ${connections}: intake ${s.rps.toFixed(0)}/s (p50 ${s.p50} ms, p99 ${s.p99} ms), ` +
          `floor ${f.rps.toFixed(0)}/s (p50 ${f.p50} ms, p99 ${f.p99} ms)`,
      );
      rows.push(
        {
          name: `intake @${connections} conns`,
          value: s.rps,
          unit: 'req/s',
          floor: f.rps,
          note: `${s.total} created, ${s.errors} errors/non-2xx; floor ${f.errors} errors`,
        },
        {
          name: `CPU per case @${connections}`,
          value: s.cpuTotal,
          unit: 'ms',
          note: `${s.cpu}; floor ${f.cpuTotal.toFixed(2)} = ${f.cpu}`,
        },
        { name: `intake p50 @${connections}`, value: s.p50, unit: 'ms', note: `floor p50 ${f.p50} ms` },
        { name: `intake p99 @${connections}`, value: s.p99, unit: 'ms', note: `floor p99 ${f.p99} ms` },
      );
      await drainOutbox(db);
    }

    log(
      `event latency: ${EVENT_RATE} cases/s for ${latencySeconds} s, consumer on ${prefix}.case.v1.created`,
    );
    nc = await connect({ servers: natsUrl });
    const latency = await eventLatency(nc, prefix, subject, body, latencySeconds);
    rows.push(
      {
        name: 'created → consumer p50',
        value: latency.p50,
        unit: 'ms',
        note: `${latency.received}/${latency.sent} events at ${latency.rate.toFixed(0)} cases/s sent`,
      },
      { name: 'created → consumer p99', value: latency.p99, unit: 'ms', note: `max ${latency.max} ms` },
      { name: 'intake p99 at 500/s', value: latency.httpP99, unit: 'ms', note: `p50 ${latency.httpP50} ms` },
    );
    return rows;
  } finally {
    await nc?.close().catch(() => undefined);
    await Promise.all(children.map((c) => c.stop()));
    await db.end();
    await dropDatabaseWhenIdle(admin, database).catch(() => undefined);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Closed-loop load with autocannon: `connections` clients, each sending as soon as its answer arrives. */
async function load(target, body, connections, seconds) {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body,
    connections,
    duration: seconds,
    pipelining: 1,
  });
  return {
    rps: result.requests.total / seconds,
    total: result['2xx'],
    errors: result.errors + result.timeouts + result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/**
 * Open loop at a steady rate: a request every 1000/rate ms whether or not earlier ones have answered. The
 * latency of each case is from its `createdAt` (the row's insert time, in the event) to the moment this
 * process's JetStream consumer receives the event.
 */
async function eventLatency(nc, prefix, target, body, seconds) {
  const js = jetstream(nc);
  const stream = `${prefix.toUpperCase()}_CASE`;
  const consumer = await js.consumers.get(stream, {
    filter_subjects: `${prefix}.case.v1.created`,
    deliver_policy: DeliverPolicy.New,
  });
  const messages = await consumer.consume();
  const created = new Set();
  const arrivals = new Map();
  const consuming = (async () => {
    for await (const message of messages) {
      const at = Date.now();
      const payload = message.json();
      arrivals.set(payload.caseId, at - Date.parse(payload.createdAt));
    }
  })();
  const http = [];
  const pending = [];
  const total = EVENT_RATE * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / EVENT_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sentAt = performance.now();
    pending.push(
      fetch(target.url, { method: 'POST', headers: target.headers, body }).then(
        async (response) => {
          const answer = await response.json();
          http.push(performance.now() - sentAt);
          if (response.status === 201) created.add(answer.id);
        },
        () => undefined,
      ),
    );
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(pending);
  await waitFor(() => [...created].every((id) => arrivals.has(id)), 'every event to arrive', 30_000).catch(
    () => undefined,
  );
  messages.stop();
  await consuming.catch(() => undefined);
  const values = [...created].filter((id) => arrivals.has(id)).map((id) => arrivals.get(id));
  return {
    sent: total,
    received: values.length,
    rate: total / sendSeconds,
    p50: percentile(values, 0.5),
    p99: percentile(values, 0.99),
    max: Math.max(...values),
    httpP50: Number(percentile(http, 0.5).toFixed(1)),
    httpP99: Number(percentile(http, 0.99).toFixed(1)),
  };
}

/** CPU seconds (user + system) by process, from /proc: robust to a machine shared with other work. */
function cpuByPid(pids) {
  const out = new Map();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU spent between two snapshots by the processes alive at the second (new ones from zero). */
function cpuSpent(before, after) {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The PostgreSQL server's processes: the postmaster's children (backends, WAL writer, checkpointer …). */
function postgresPids(postmaster) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(fields[1]) === postmaster) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

function percentile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Waits until the relay has published every outbox row, so one phase's backlog does not load the next. */
async function drainOutbox(db) {
  await waitFor(
    async () => (await db.query('SELECT count(*)::int AS n FROM "case".outbox')).rows[0].n === 0,
    'the outbox to drain',
    120_000,
  );
}

/** A bench user written straight into the gateway's table (as the e2e tests do), then a real login. */
async function login(db, port) {
  const { argon2id } = await import('hash-wasm');
  const password = randomBytes(12).toString('hex');
  const hash = await argon2id({
    password,
    salt: randomBytes(16),
    memorySize: 65_536,
    iterations: 3,
    parallelism: 1,
    hashLength: 32,
    outputType: 'encoded',
  });
  const username = `bench${randomBytes(4).toString('hex')}`;
  await db.query(
    `INSERT INTO gateway.users (id, username, display_name, password_hash, roles, unit_code, department_code)
     VALUES ($1, $2, $3, $4, $5, $6, NULL)`,
    [randomUUID(), username, username, hash, ['grid_worker'], '440106001002'],
  );
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const answer = await response.json();
  if (!answer.access_token) throw new Error(`login failed: ${JSON.stringify(answer)}`);
  return answer.access_token;
}

function service(name, env, logFile) {
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each service (on exit) for looking into the costs.
  const profile = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROFILE]
    : [];
  return spawnNode(
    join(root, 'services', name, 'dist', 'main.js'),
    { OTEL_SERVICE_NAME: name, ...env },
    [...profile, '--import', '@yiwang/platform/telemetry-register'],
    logFile,
  );
}

/**
 * A child process whose output goes to a file: a pipe this process must keep reading would fill while the
 * load generator keeps it busy, and the services' synchronous log writes would then spin on EAGAIN.
 */
function spawnNode(file, env, nodeArgs = [], logFile) {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, file], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    exited,
    output: () => readFileSync(logFile, 'utf8'),
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitHttp(target, handle) {
  const started = waitFor(
    async () => {
      try {
        return (await fetch(target, { signal: AbortSignal.timeout(1000) })).ok;
      } catch {
        return false;
      }
    },
    target,
    90_000,
  );
  await started.catch((error) => {
    throw new Error(`${error.message}; its output ends:\n${handle.output().slice(-3000)}`);
  });
}

async function waitFor(check, what, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}
