import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './ports.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface LogLine {
  level: string;
  msg: string;
  service?: string;
  trace_id?: string;
  [key: string]: unknown;
}

/**
 * A real service process started from its build (`services/<name>/dist/main.js`) with the telemetry
 * loader, as in production. Its JSON log lines are kept for assertions.
 */
export class ServiceProcess {
  /**
   * Processes of the current test file that are still running. A `beforeAll` that times out under load
   * leaves its platform starting; stopAll() (run after every file, see test/jest-after-env.ts) stops them,
   * so they cannot keep relaying the worker database's outbox under the next file's feet.
   */
  private static readonly live = new Set<ServiceProcess>();
  private static closed = false;

  readonly logs: LogLine[] = [];
  readonly stderr: string[] = [];
  /** Non-JSON stdout lines (command-line tools print plain text). */
  readonly stdout: string[] = [];
  private exit: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line));
        } catch {
          this.stdout.push(line);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
    this.exit = new Promise((r) => child.once('exit', (code) => r(code)));
    ServiceProcess.live.add(this);
    void this.exit.then(() => ServiceProcess.live.delete(this));
  }

  /** Stops every process this test file started and refuses new ones (a late start after a timeout). */
  static async stopAll(graceMs = 10_000): Promise<void> {
    ServiceProcess.closed = true;
    await Promise.all(
      [...ServiceProcess.live].map(async (p) => {
        const timer = setTimeout(() => void p.stop('SIGKILL'), graceMs);
        await p.stop();
        clearTimeout(timer);
      }),
    );
  }

  static start(
    name: string,
    env: Record<string, string>,
    entry = 'main.js',
    args: string[] = [],
  ): ServiceProcess {
    if (ServiceProcess.closed) throw new Error(`not starting ${name}: its test file has finished`);
    const main = join(repoRoot, 'services', name, 'dist', entry);
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test does)`);
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--import', '@yiwang/platform/telemetry-register', main, ...args],
      {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          OTEL_SERVICE_NAME: name,
          LOG_LEVEL: 'info',
          // The gateway answers 500 when an answer breaks its documented response schema: tests see it.
          API_RESPONSE_CHECK: 'enforce',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return new ServiceProcess(name, child);
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    let exited = false;
    void this.exit.then(() => (exited = true));
    try {
      await waitFor(
        () => {
          if (exited)
            throw new Error(`${this.name} exited during start: ${this.stderr.join('').slice(-2000)}`);
          return this.logs.some((l) => l.msg === `${this.name} service ready`);
        },
        { timeoutMs, what: `${this.name} to start` },
      );
    } catch (error) {
      const tail = this.logs
        .slice(-5)
        .map((l) => `${l.level}: ${l.msg}${l.err ? ` ${JSON.stringify(l.err).slice(0, 300)}` : ''}`);
      throw new Error(
        `${(error as Error).message}\nlast log lines of ${this.name}:\n${tail.join('\n')}\n${this.stderr.join('').slice(-1000)}`,
        { cause: error },
      );
    }
  }

  /** Writes what the process logged (JSON lines, plain stdout, stderr) to a file, for a post-mortem. */
  saveLogs(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    const lines = [
      ...this.logs.map((l) => JSON.stringify(l)),
      ...this.stdout,
      ...(this.stderr.length ? ['--- stderr ---', this.stderr.join('')] : []),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
  }

  stdoutText(): string {
    return this.stdout.join('\n');
  }

  exited(): Promise<number | null> {
    return this.exit;
  }

  findLog(predicate: (line: LogLine) => boolean): LogLine | undefined {
    return this.logs.find(predicate);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exit;
  }
}
