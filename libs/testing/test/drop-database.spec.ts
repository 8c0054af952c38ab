import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropDatabaseWhenIdle, testDatabaseUrl } from '../src/index.js';

/**
 * A database dropped right after its pool ended: `pool.end()` resolves before the backends exit, and a
 * forced drop then terminates them under their clients (57P01, raised as an unhandled 'error' event: it
 * failed an unrelated test in CI). The helper waits for them instead.
 */
describe('dropDatabaseWhenIdle', () => {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);

  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });

  it('drops a just-used database without terminating its sessions under their clients', async () => {
    const url = new URL(testDatabaseUrl());
    for (let round = 0; round < 15; round += 1) {
      const name = `dropidle_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      url.pathname = `/${name}`;
      const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
      // Listeners on every client the pool makes: an error after the pool let it go lands here.
      pool.on('connect', (client) => client.on('error', onError));
      await Promise.all([pool.query('SELECT 1'), pool.query('SELECT pg_sleep(0.01)')]);
      await pool.end();
      await dropDatabaseWhenIdle(admin, name);
      const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
      expect(rows).toHaveLength(0);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).toEqual([]);
  });

  it('still drops a database a session keeps open, once its patience runs out', async () => {
    const name = `dropidle_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;
    const holder = new pg.Client({ connectionString: url.toString() });
    holder.on('error', () => undefined); // terminated by the forced drop, as intended
    await holder.connect();
    await dropDatabaseWhenIdle(admin, name, 500);
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    expect(rows).toHaveLength(0);
    await holder.end().catch(() => undefined);
  });
});
