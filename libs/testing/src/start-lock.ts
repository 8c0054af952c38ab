import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs fn while holding a machine-wide lock, so Jest workers start their service processes one set at a
 * time: six Node processes booting at once already fill two cores, twelve starve each other past any
 * reasonable timeout. A lock left by a crashed run is taken over after five minutes.
 */
export async function withStartLock<T>(fn: () => Promise<T>): Promise<T> {
  const dir = join(tmpdir(), 'yiwang-test-start.lock');
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch {
      try {
        if (Date.now() - statSync(dir).mtimeMs > 5 * 60_000) rmSync(dir, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
