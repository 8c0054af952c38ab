// NATS for the dev stack: NATS_URL when reachable, else a local nats-server with JetStream under dataDir.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, log, reachable, stopProcess, superviseProcess, takeLease } from './processes.mjs';

const isRoot = process.getuid?.() === 0;

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

function isNatsServer(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('nats-server');
  } catch {
    return alive(pid); // no /proc: trust the pid file
  }
}

/**
 * Returns { url, stop, supervise }: NATS with JetStream, from NATS_URL or a local server with its store
 * under dataDir. Like ensurePostgres, stop() stops only a server this checkout started (its pid is in
 * dataDir/nats.pid) and only when no other live run still uses it.
 */
export async function ensureNats({ dataDir, port = 42229 }) {
  const given = process.env.NATS_URL;
  if (given) {
    const { hostname, port: p } = new URL(given);
    if (await reachable(hostname, Number(p || 4222))) {
      log('using NATS from NATS_URL');
      return { url: given, stop: async () => undefined, supervise: () => () => undefined, started: false };
    }
    log('NATS_URL is set but does not answer; starting a local server instead');
  }
  mkdirSync(dataDir, { recursive: true });
  const lease = takeLease(dataDir);
  const url = `nats://127.0.0.1:${port}`;
  const pidFile = join(dataDir, 'nats.pid');
  const ownedPid = () => {
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : NaN;
    return Number.isInteger(pid) && pid > 0 && alive(pid) && isNatsServer(pid) ? pid : null;
  };
  const start = async () => {
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
    child.unref();
    writeFileSync(pidFile, String(child.pid));
    for (let i = 0; i < 100 && !(await reachable('127.0.0.1', port, 200)); i += 1) {
      if (child.exitCode !== null)
        throw new Error(`nats-server exited with ${child.exitCode}; see ${join(dataDir, 'nats.log')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!(await reachable('127.0.0.1', port, 200))) throw new Error(`nats-server does not listen on ${url}`);
    return child.pid;
  };
  let started = false;
  if (await reachable('127.0.0.1', port)) {
    log(
      ownedPid()
        ? `reusing the local NATS already running on port ${port}`
        : `using the NATS already running on port ${port} (not started by this checkout: it is left running)`,
    );
  } else {
    await start();
    started = true;
  }
  let supervisor;
  return {
    url,
    started,
    async stop() {
      await supervisor?.stop();
      if (!lease.release()) {
        log('NATS stays up: another run of this checkout still uses it');
        return;
      }
      const pid = ownedPid();
      if (pid) {
        log('stopping NATS');
        await stopProcess(pid, 'nats-server');
      } else if (started) log('NATS had already stopped');
      rmSync(pidFile, { force: true });
    },
    /** Watches a server this checkout started; when it dies, says so and starts it again (until stop()). */
    supervise(onEvent = log) {
      if (!ownedPid()) return () => undefined;
      supervisor = superviseProcess({
        what: 'NATS',
        pid: ownedPid,
        restart: start,
        logFile: join(dataDir, 'nats.log'),
        onEvent,
      });
      return () => supervisor.stop();
    },
  };
}
