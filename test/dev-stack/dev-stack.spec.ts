import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { commandLineIncludes, freeServerPort, repoRoot, waitFor } from '@yiwang/testing';

/** A script of the dev stack as a real process, its output kept. */
class Run {
  out = '';
  err = '';
  readonly exit: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (c: Buffer) => (this.out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.err += c.toString()));
    this.exit = new Promise((r) => child.once('exit', (code) => r(code)));
  }
}

/**
 * `npm start` and the command-line tools with their own data directory and ports (never the machine's
 * `.data/` servers nor another checkout's): the CLI leaves the launcher's PostgreSQL up, the launcher
 * restarts a PostgreSQL or nats-server that dies under it, and Ctrl-C stops what it started, cleanly even
 * when its PostgreSQL is already gone.
 */
describe('the dev stack: launcher and command-line tools', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yiwang-devstack-'));
  let env: Record<string, string>;
  let pgPort: number;
  let natsPort: number;
  const runs: Run[] = [];

  beforeAll(async () => {
    pgPort = await freeServerPort();
    natsPort = await freeServerPort();
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      YIWANG_DATA_DIR: dataDir,
      YIWANG_POSTGRES_PORT: String(pgPort),
      YIWANG_NATS_PORT: String(natsPort),
    };
  });

  afterAll(async () => {
    // Whatever a failed assertion left running: only the processes and servers of this data directory.
    for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    // Only while the pid is still this directory's server: a killed server's pid file stays behind.
    for (const pid of [postmasterPid(), natsPid()])
      if (pid && commandLineIncludes(pid, dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const script = (file: string, args: string[]) => {
    const run = new Run(
      spawn(process.execPath, [join(repoRoot, 'scripts', file), ...args], {
        cwd: repoRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    runs.push(run);
    return run;
  };
  const launcher = async () => {
    const run = script('start.mjs', ['--servers-only']);
    await waitFor(() => run.out.includes('PostgreSQL and NATS are running.') || run.child.exitCode !== null, {
      timeoutMs: 180_000,
      what: `the launcher to start its servers\n${run.err}`,
    });
    expect(run.child.exitCode).toBeNull();
    return run;
  };
  const postmasterPid = () => pidIn(join(dataDir, 'pg', 'postmaster.pid'));
  const natsPid = () => pidIn(join(dataDir, 'nats.pid'));
  const pgAnswers = () => answers(`postgres://postgres@127.0.0.1:${pgPort}/yiwang`);

  it('keeps the launcher’s servers up past a CLI run, restarts a dead server, stops both on Ctrl-C', async () => {
    const stack = await launcher();
    const firstPostmaster = postmasterPid()!;
    expect(await pgAnswers()).toBe(true);

    // `npm run registry -- …` beside `npm start`: the tool uses the launcher's PostgreSQL and leaves it up.
    const cli = script('service-cli.mjs', ['grid', 'help']);
    expect(await cli.exit).toBe(0);
    expect(cli.err).toContain('PostgreSQL stays up');
    expect(alive(firstPostmaster)).toBe(true);
    expect(await pgAnswers()).toBe(true);

    // PostgreSQL dies under the launcher: it says so and starts it again.
    process.kill(firstPostmaster, 'SIGKILL');
    await waitFor(() => stack.err.includes('PostgreSQL is running again') && pgAnswers(), {
      timeoutMs: 90_000,
      what: `the launcher to restart PostgreSQL\n${stack.err}`,
    });
    expect(stack.err).toContain(`!!! PostgreSQL (pid ${firstPostmaster}) is gone; restarting it`);
    expect(postmasterPid()).not.toBe(firstPostmaster);

    // And nats-server.
    const firstNats = natsPid()!;
    process.kill(firstNats, 'SIGKILL');
    await waitFor(() => stack.err.includes('NATS is running again') && accepts(natsPort), {
      timeoutMs: 60_000,
      what: `the launcher to restart NATS\n${stack.err}`,
    });
    expect(stack.err).toContain(`!!! NATS (pid ${firstNats}) is gone; restarting it`);

    const [postmaster, nats] = [postmasterPid()!, natsPid()!];
    stack.child.kill('SIGINT');
    expect(await stack.exit).toBe(0);
    expect(alive(postmaster)).toBe(false);
    expect(alive(nats)).toBe(false);
    expect(stack.err).not.toMatch(STACK_TRACE);
  }, 400_000);

  it('stops cleanly on Ctrl-C when its PostgreSQL is gone and cannot come back', async () => {
    const stack = await launcher();
    // A setting that only a restart reads, and that keeps PostgreSQL from starting.
    appendFileSync(join(dataDir, 'pg', 'postgresql.auto.conf'), "shared_preload_libraries = 'no_such_lib'\n");
    const postmaster = postmasterPid()!;
    const nats = natsPid()!;
    process.kill(postmaster, 'SIGKILL');
    await waitFor(() => stack.err.includes('PostgreSQL could not be restarted'), {
      timeoutMs: 60_000,
      what: `the launcher to report the failed restart\n${stack.err}`,
    });
    stack.child.kill('SIGINT');
    expect(await stack.exit).toBe(0);
    expect(stack.err).toContain('PostgreSQL had already stopped');
    expect(stack.err).not.toMatch(STACK_TRACE);
    expect(alive(nats)).toBe(false);
  }, 300_000);
});

/** A line of a JavaScript stack trace (`    at fn (file.js:1:2)`). */
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

function pidIn(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
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

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
