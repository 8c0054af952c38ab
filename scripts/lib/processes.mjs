// Server processes of the dev stack: who started them (a mark beside their data), who still uses them
// (leases), watching them and stopping them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';

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

/** Asks a server process to stop (SIGINT: PostgreSQL's fast shutdown) and waits until it is gone. */
export async function stopProcess(pid, what, timeoutMs = 30_000) {
  if (!alive(pid)) return false;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return false;
  }
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      log(`${what} (pid ${pid}) did not stop in ${timeoutMs / 1000} s; killing it`);
      killQuietly(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * A server this checkout's tools started is marked by a file beside its data holding the server's pid;
 * only such a server is ever stopped or restarted by them, and only by the last run that uses it (see
 * takeLease). A server found running without the mark (a system service, one started by hand, another
 * checkout's) is used and left alone.
 */
export function ownership(markFile, { commandLineHas } = {}) {
  return {
    mark(pid) {
      writeFileSync(markFile, String(pid));
    },
    clear() {
      rmSync(markFile, { force: true });
    },
    /** True when the server now running with this pid is the one a tool of this checkout started. */
    owns(pid) {
      if (!pid || !alive(pid) || !existsSync(markFile)) return false;
      if (Number(readFileSync(markFile, 'utf8')) !== pid) return false;
      // pids are reused (pid_max may be 32768): a killed server's pid can be another process by now.
      return commandLineHas ? commandLineIncludes(pid, commandLineHas) : true;
    },
  };
}

/**
 * Polls a server's pid; when the process is gone, reports it loudly and restarts it, retrying with a
 * growing pause (to 30 s) while the restart fails. stop() ends the watch (before a deliberate stop).
 */
export function superviseProcess({ what, pid, restart, logFile, onEvent, intervalMs = 1000 }) {
  let stopped = false;
  let timer;
  let restarting = Promise.resolve();
  let watched = pid();
  const schedule = (ms) => {
    if (!stopped) timer = setTimeout(check, ms);
  };
  const check = async () => {
    if (stopped) return;
    if (watched && alive(watched)) return schedule(intervalMs);
    onEvent(`!!! ${what}${watched ? ` (pid ${watched})` : ''} is gone; restarting it`);
    for (let attempt = 1, pause = 1000; !stopped; attempt += 1, pause = Math.min(pause * 2, 30_000)) {
      try {
        const attemptDone = restart();
        restarting = attemptDone.catch(() => undefined);
        watched = await attemptDone;
        if (stopped) return;
        onEvent(`${what} is running again (pid ${watched})`);
        return schedule(intervalMs);
      } catch (error) {
        onEvent(
          `!!! ${what} could not be restarted (attempt ${attempt}): ${error?.message ?? error}` +
            `${logFile ? ` (see ${logFile})` : ''}; retrying in ${pause / 1000} s`,
        );
        await new Promise((r) => {
          timer = setTimeout(r, pause);
        });
      }
    }
  };
  schedule(intervalMs);
  return {
    /** Ends the watch; resolves once a restart under way has finished (so a stop sees its server). */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await restarting;
    },
  };
}

export function killQuietly(pid, signal = 'SIGTERM') {
  try {
    process.kill(pid, signal);
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

/** True while the process runs; a zombie (dead, not yet reaped by an init that never reaps) is gone. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: the signal test has to do
  }
}

/** True when the process's command line contains `fragment` (without /proc there is nothing to check). */
export function commandLineIncludes(pid, fragment) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(fragment);
  } catch {
    return alive(pid);
  }
}
