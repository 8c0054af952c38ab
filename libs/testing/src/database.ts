import pg from 'pg';
import { testDatabaseUrl } from './environment.js';

/** A plain pg pool on this worker's database, for arranging and asserting outside the code under test. */
export function testPool(): pg.Pool {
  return new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });
}

/** PostgreSQL's "database is being accessed by other users". */
const IN_USE = '55006';

/**
 * Drops a database a test created, once the sessions it used have gone. `pool.end()` resolves before its
 * connections' backends have exited, and `DROP DATABASE … WITH (FORCE)` right after it terminates them
 * with 57P01, which their clients (already out of the pool, with no error listener) raise as an unhandled
 * error in whichever test is running. So the drop is retried without FORCE while the backends finish, and
 * forced only when something still holds the database after `patienceMs`.
 */
export async function dropDatabaseWhenIdle(
  admin: Pick<pg.Client, 'query'>,
  name: string,
  patienceMs = 15_000,
): Promise<void> {
  const quoted = `"${name.replace(/"/g, '""')}"`;
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoted}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== IN_USE) throw error;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
}
