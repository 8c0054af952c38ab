import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tcpConnect } from 'node:net';
import { freeServerPort, waitFor } from './ports.js';

function binary(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim();
  const found = onPath || ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p));
  if (!found) throw new Error('nats-server not found (npm test installs it on Debian/Ubuntu)');
  return found;
}

/**
 * A private nats-server with JetStream for tests that stop and restart the broker. It keeps its store
 * between restarts, as a real server does.
 */
export class NatsServerProcess {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'yiwang-nats-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<NatsServerProcess> {
    const server = new NatsServerProcess(await freeServerPort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const config = join(this.dir, 'nats.conf');
    writeFileSync(
      config,
      `listen: "127.0.0.1:${this.port}"\njetstream { store_dir: "${join(this.dir, 'store')}" }\n`,
    );
    this.child = spawn(binary(), ['-c', config], { stdio: 'ignore' });
    await waitFor(() => accepts(this.port), { timeoutMs: 10_000, what: 'nats-server to listen' });
  }

  /** Kills the server hard (SIGKILL), like a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
