// `npm start`: PostgreSQL and NATS (found or started under .data/), build, migrate, then every service and
// the gateway on http://localhost:3000. Ctrl-C stops everything, servers included; data stays in .data/.
// `npm start -- --servers-only` runs just PostgreSQL and NATS (to run one service by hand).
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devSecrets } from './lib/dev-secrets.mjs';
import { devStack, ensureNats, ensurePostgres, log } from './lib/stack.mjs';
import { services } from './lib/services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { dataDir, postgresPort, natsPort } = devStack(root);
const logDir = join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });
const serversOnly = process.argv.includes('--servers-only');

// Ctrl-C from the first moment on stops what this run started, and nothing else (see stack.mjs).
const children = [];
let postgres;
let nats;
let stopping = false;
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('uncaughtException', (error) => void fail(error));
process.on('unhandledRejection', (error) => void fail(error));

postgres = await ensurePostgres({ dataDir, port: postgresPort }).catch(fail);
nats = await ensureNats({ dataDir, port: natsPort }).catch(fail);
// A server that dies under the platform is reported loudly and started again; the services reconnect.
postgres.supervise(loud);
nats.supervise(loud);

if (serversOnly) {
  process.stdout.write(
    [
      '',
      'PostgreSQL and NATS are running.',
      `  DATABASE_URL=${postgres.url}`,
      `  NATS_URL=${nats.url}`,
      '  Ctrl-C stops them; data stays in the data directory for the next start.',
      '',
    ].join('\n'),
  );
  setInterval(() => undefined, 1 << 30); // keeps the process up until Ctrl-C
  await new Promise(() => undefined);
}

function loud(message) {
  process.stderr.write(`\n[stack] ${message}\n`);
}

/** A step that cannot go on: one clear line instead of a stack trace, then a clean stop. */
function fail(error) {
  // Ctrl-C reaches the build or a migration too: their exit is the user's stop, not a failure.
  if (error?.signal === 'SIGINT' || error?.signal === 'SIGTERM') return stop(0);
  if (!stopping) log(`cannot go on: ${String(error?.message ?? error).split('\n')[0]}`);
  return stop(1);
}

log('building');
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/nx/dist/bin/nx.js'),
    'run-many',
    '-t',
    'build',
    '--parallel=2',
    '--outputStyle=static',
  ],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);

const baseEnv = {
  ...devSecrets(dataDir),
  ...process.env,
  DATABASE_URL: postgres.url,
  NATS_URL: nats.url,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  NODE_ENV: process.env.NODE_ENV ?? 'development',
};

log('migrating');
for (const service of services) {
  execFileSync(
    process.execPath,
    ['--enable-source-maps', join(root, 'services', service.name, 'dist/migrate.js')],
    {
      cwd: root,
      env: baseEnv,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

// A demo city on first start (and a no-op afterwards): the demo district's registry, then one user per
// role. YIWANG_DEMO=false skips both.
const DEMO_DISTRICT = process.env.YIWANG_DEMO_DISTRICT ?? '440106';
let demoUsers = [];
if (process.env.YIWANG_DEMO !== 'false') {
  log(`loading the demo district ${DEMO_DISTRICT} (first start takes a little longer)`);
  runCli('grid', ['demo', '--district', DEMO_DISTRICT, '--streets', process.env.YIWANG_DEMO_STREETS ?? '3']);
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  const street = `${DEMO_DISTRICT}001`;
  const { rows } = await client.query(
    `SELECT code FROM grid.units WHERE parent_code = $1 ORDER BY code LIMIT 1`,
    [street],
  );
  await client.end();
  const community = rows[0]?.code ?? street;
  const credentials = join(dataDir, 'demo-credentials.json');
  runCli('gateway', [
    'seed-demo-users',
    '--city',
    DEMO_DISTRICT.slice(0, 4),
    '--district',
    DEMO_DISTRICT,
    '--street',
    street,
    '--community',
    community,
    '--grid',
    `${community}-G01`,
    '--out',
    credentials,
  ]);
  demoUsers = JSON.parse(readFileSync(credentials, 'utf8'));
}

function runCli(service, args) {
  execFileSync(
    process.execPath,
    ['--enable-source-maps', join(root, 'services', service, 'dist/cli.js'), ...args],
    {
      cwd: root,
      env: baseEnv,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

for (const service of services) {
  const out = createWriteStream(join(logDir, `${service.name}.log`), { flags: 'a' });
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--import',
      '@yiwang/platform/telemetry-register',
      join(root, 'services', service.name, 'dist/main.js'),
    ],
    {
      cwd: root,
      env: { ...baseEnv, OTEL_SERVICE_NAME: service.name, MIGRATIONS_RUN: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  child.stdout.on('data', (chunk) => echoImportant(service.name, chunk));
  child.stderr.on('data', (chunk) => process.stderr.write(`[${service.name}] ${chunk}`));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${service.name} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  children.push({ service, child });
}

function echoImportant(name, chunk) {
  for (const line of String(chunk).split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line);
      if (['warn', 'error', 'fatal'].includes(entry.level)) {
        process.stderr.write(
          `[${name}] ${entry.level}: ${entry.msg}${entry.err ? ` (${entry.err.message})` : ''}\n`,
        );
      }
    } catch {
      process.stderr.write(`[${name}] ${line}\n`);
    }
  }
}

async function stop(code = 0) {
  if (stopping) return new Promise(() => undefined);
  stopping = true;
  if (children.length > 0) log('stopping services');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((r) => {
          if (child.exitCode !== null || child.signalCode !== null) return r();
          child.once('exit', r);
          child.kill('SIGTERM');
        }),
    ),
  );
  // A server that already died (or was never started) is reported, not thrown about.
  for (const [name, server] of [
    ['NATS', nats],
    ['PostgreSQL', postgres],
  ]) {
    try {
      await server?.stop();
    } catch (error) {
      log(`${name} did not stop cleanly: ${String(error?.message ?? error).split('\n')[0]}`);
    }
  }
  log('stopped');
  process.exit(code);
}

const deadline = Date.now() + 120_000;
let body;
while (Date.now() < deadline && !stopping) {
  try {
    const response = await fetch('http://127.0.0.1:3000/health/ready', { signal: AbortSignal.timeout(3000) });
    body = await response.json();
    if (response.ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 500));
}
// Demo cases in every lifecycle state, through the case service's own code once the registry answers
// (locations and departments); idempotent, so later starts leave them as they are.
if (!stopping && body?.status === 'ready' && process.env.YIWANG_DEMO !== 'false') {
  log('seeding demo cases');
  const seeded = await new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        join(root, 'services/case/dist/cli.js'),
        'demo',
        '--district',
        DEMO_DISTRICT,
        '--count',
        process.env.YIWANG_DEMO_CASES ?? '300',
      ],
      { cwd: root, env: baseEnv, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => done(code === 0 ? out.trim() : null));
  });
  log(seeded ?? 'demo cases could not be seeded (see the message above)');
}

if (!stopping) {
  const ready = body?.status === 'ready';
  const rows = services.map(
    (s) =>
      `  ${s.name.padEnd(10)} http://localhost:${s.http}${s.grpc ? `  gRPC localhost:${s.grpc}` : ''}  ` +
      `${s.name === 'gateway' ? (ready ? 'ready' : 'not ready') : (body?.checks?.[`service:${s.name}`]?.status ?? '?')}`,
  );
  process.stdout.write(
    [
      '',
      ready ? 'Yiwang is running.' : 'Yiwang started, but not every service is ready yet:',
      ...rows,
      `  postgres   ${postgres.url.replace(/:[^:@/]*@/, ':***@')}`,
      `  nats       ${nats.url}`,
      '',
      '  API        http://localhost:3000/api/v1   readiness http://localhost:3000/health/ready',
      ...(demoUsers.length
        ? [
            '',
            `  Demo users (also in ${join(dataDir, 'demo-credentials.json')}):`,
            ...demoUsers.map((u) => `    ${u.username.padEnd(18)} ${u.password}  ${u.role} @ ${u.unit}`),
            '  Log in: curl -s -X POST localhost:3000/api/v1/auth/token -H "content-type: application/json" \\',
            `          -d '{"username":"district.admin","password":"…"}'`,
          ]
        : []),
      `  logs       ${logDir}/<service>.log`,
      '  Ctrl-C stops everything; data stays in .data/ for the next start.',
      '',
    ].join('\n'),
  );
}
