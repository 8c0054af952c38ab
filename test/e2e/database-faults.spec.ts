import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresServerProcess, aCaseReport, waitFor } from '@yiwang/testing';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

/** Serves a blocking hook; held by the test to stop a statement at a chosen point. */
const HOLD = 424242;

/**
 * The whole platform on a PostgreSQL of its own that the test kills (`kill -9` of the postmaster) and
 * restarts under it: requests during the outage answer 503 with Retry-After, no Idempotency-Key stays
 * "in progress" after recovery (an answer whose recording failed replays, a request cut off is
 * retried), and every LISTEN connection is re-opened.
 */
describe('the platform across a PostgreSQL crash', () => {
  let server: PostgresServerProcess;
  let platform: PlatformStack;
  let db: pg.Pool;
  let token: string;

  beforeAll(async () => {
    server = await PostgresServerProcess.start();
    const url = await server.createDatabase('yiwang');
    platform = await startPlatform('dbfaults', { DATABASE_URL: url });
    db = new pg.Pool({ connectionString: url, max: 3 });
    db.on('error', () => undefined); // its idle connections die with the server
    token = await platform.tokenFor('district_admin', '440106');
  }, 420_000);

  /** Connections holding a lock for a test; released after it whatever happened. */
  const holders: pg.PoolClient[] = [];
  const hold = async () => {
    const holder = await db.connect();
    holder.on('error', () => undefined); // it dies with the server, holding its lock until then
    holders.push(holder);
    return holder;
  };

  // A failed assertion must not leave the next test without its database, or behind a lock.
  afterEach(async () => {
    for (const holder of holders.splice(0)) holder.release(true);
    await server.restart();
  }, 90_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await platform?.stop();
    await server?.dispose();
  });

  const post = (body: unknown, key: string) =>
    fetch(`${platform.gateway}/api/v1/cases`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
  const get = (path: string) =>
    fetch(`${platform.gateway}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const casesWithKey = async (key: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM "case".cases WHERE idempotency_key = $1`, [key])).rows[0]
      .n as number;
  /** Waits until a statement of one service sits waiting on a lock the test holds. */
  const blocked = (statement: RegExp) =>
    waitFor(
      async () =>
        (
          await db.query(
            `SELECT query FROM pg_stat_activity WHERE wait_event_type IN ('Lock', 'Advisory') AND pid <> pg_backend_pid()`,
          )
        ).rows.some((r: { query: string }) => statement.test(r.query)),
      { what: `a statement matching ${statement} to wait on the test's lock` },
    );
  const restartAndRecover = async () => {
    await server.restart();
    await waitFor(async () => (await get('/api/v1/cases?limit=1')).status === 200, {
      timeoutMs: 60_000,
      what: 'the platform to answer again',
    });
  };

  it('answers 503 problem+json with Retry-After while the database is down, and recovers', async () => {
    await server.kill();
    const list = await get('/api/v1/cases?limit=1');
    expect(list.status).toBe(503);
    expect(list.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(list.headers.get('retry-after')).toBe('5');
    expect(((await list.json()) as Json).code).toMatch(/unavailable$/);

    const write = await post(aCaseReport({ unitCode: '440106001001' }), randomUUID());
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toBe('5');

    const ready = await fetch(`http://127.0.0.1:${platform.ports.case.http}/health/ready`);
    expect(ready.status).toBe(503);

    await restartAndRecover();
    // Nothing of the outage was logged as a bug: it was an unavailable dependency, answered as such.
    for (const name of ['case', 'gateway'])
      expect(
        platform.processes[name].findLog((l) => l.msg === 'unhandled error in gRPC handler'),
      ).toBeUndefined();
  }, 120_000);

  it('re-opens every LISTEN connection after the restart and says so in readiness', async () => {
    // One outbox listener per service (six) and the case service's deadline scheduler.
    const listening = async () => {
      const { rows } = await db.query(
        `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity
         WHERE query LIKE 'LISTEN %' GROUP BY 1 ORDER BY 1`,
      );
      return Object.fromEntries(rows.map((r: { name: string; n: number }) => [r.name, r.n]));
    };
    await waitFor(
      async () => {
        const now = await listening();
        return now['outbox-listener'] === 6 && now['deadline-scheduler'] === 1;
      },
      { timeoutMs: 30_000, what: 'six outbox listeners and one deadline listener' },
    );
    const ready = (await (
      await fetch(`http://127.0.0.1:${platform.ports.case.http}/health/ready`)
    ).json()) as Json;
    expect(ready.status).toBe('ready');
    expect(ready.checks['outbox-listener']).toEqual({ status: 'up' });
    expect(ready.checks['deadline-listener']).toEqual({ status: 'up' });
  }, 60_000);

  it('replays the 201 of a case stored while the recording of its answer failed', async () => {
    // The gateway's recording of the answer waits on a lock the test holds, then the database dies.
    await db.query(`CREATE OR REPLACE FUNCTION public.test_hold() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN PERFORM pg_advisory_xact_lock(${HOLD}); RETURN NEW; END $$`);
    await db.query(`CREATE OR REPLACE TRIGGER test_hold BEFORE UPDATE ON gateway.idempotency_keys
      FOR EACH ROW EXECUTE FUNCTION public.test_hold()`);
    const holder = await hold();
    await holder.query(`SELECT pg_advisory_lock(${HOLD})`);
    const key = randomUUID();
    const report = aCaseReport({ unitCode: '440106001002' });
    const first = await post(report, key);
    expect(first.status).toBe(201);
    const created = (await first.json()) as Json;
    await blocked(/UPDATE\s+(?:"?gateway"?\.)?"?idempotency_keys"?\s/i);
    await server.kill();
    await restartAndRecover();

    const retry = await waitFor(
      async () => {
        const response = await post(report, key);
        return response.status === 201 ? response : undefined;
      },
      { timeoutMs: 60_000, what: 'the retried key to replay its 201 (not idempotency.in_progress)' },
    );
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(((await retry.json()) as Json).id).toBe(created.id);
    expect(await casesWithKey(key)).toBe(1);
    await db.query(`DROP TRIGGER test_hold ON gateway.idempotency_keys`);
  }, 180_000);

  it('answers 503 for a request cut off by the crash and frees its key for the retry', async () => {
    const holder = await hold();
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE "case".cases IN SHARE MODE`);
    const key = randomUUID();
    const report = aCaseReport({ unitCode: '440106001003' });
    const cut = post(report, key);
    await blocked(/INSERT INTO\s+(?:"?case"?\.)?"?cases"?[\s(]/i);
    await server.kill();
    const answer = await cut;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(((await answer.json()) as Json).code).toBe('service.unavailable');
    await restartAndRecover();

    const retry = await waitFor(
      async () => {
        const response = await post(report, key);
        return response.status === 201 ? response : undefined;
      },
      { timeoutMs: 60_000, what: 'the retried key to run (not idempotency.in_progress)' },
    );
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    expect(await casesWithKey(key)).toBe(1);
  }, 180_000);

  it('takes over a key left in progress past its lease (its gateway died before recording)', async () => {
    const key = randomUUID();
    const report = aCaseReport({ unitCode: '440106001004' });
    const first = await post(report, key);
    expect(first.status).toBe(201);
    const created = (await first.json()) as Json;
    const forget = (age: string) =>
      db.query(
        `UPDATE gateway.idempotency_keys SET status = NULL, content_type = NULL, body = NULL,
           created_at = now() - $2::interval WHERE idempotency_key = $1`,
        [key, age],
      );
    // Still inside the lease: a concurrent retry is refused, as before.
    await forget('10 seconds');
    const early = await post(report, key);
    expect(early.status).toBe(409);
    expect(((await early.json()) as Json).code).toBe('idempotency.in_progress');
    // Past the lease: the retry runs, and the case service's own key replays the stored case.
    await forget('10 minutes');
    const late = await post(report, key);
    expect(late.status).toBe(201);
    expect(late.headers.get('idempotency-replayed')).toBe('true');
    expect(((await late.json()) as Json).id).toBe(created.id);
    expect(await casesWithKey(key)).toBe(1);
  }, 60_000);
});
