import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { CaseTransitionPayload } from '@yiwang/contracts';
import {
  ServiceProcess,
  freePort,
  testDatabaseUrl,
  testNatsPrefix,
  testNatsUrl,
  waitFor,
} from '@yiwang/testing';
import pg from 'pg';

export interface ClockFixture {
  pool: pg.Pool;
  prefix: string;
  grpcPort: number;
  httpPort: number;
  received: Array<{ subject: string; payload: CaseTransitionPayload; at: number }>;
  service: ServiceProcess;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The case service as a real process on a round-the-clock calendar (so wall time is working time) with
 * short clocks: sign-off 1 h, response 2 h, completion 4 h, grid tier 1 h, warning at 75 %.
 * Transition events go in the way case-core writes them: a row in the service's outbox table, which its
 * relay publishes to JetStream, where the clock consumers pick them up.
 */
export async function startClockService(namespace: string): Promise<ClockFixture> {
  const prefix = testNatsPrefix(namespace);
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    NATS_URL: testNatsUrl(),
    NATS_PREFIX: prefix,
    DATABASE_POOL_SIZE: '4',
    HTTP_PORT: String(httpPort),
    GRPC_PORT: String(grpcPort),
    LOG_LEVEL: 'info',
    CASE_CALENDAR: JSON.stringify({ hours: '00:00-24:00', everyDay: true }),
    CASE_DEADLINE_POLICY: JSON.stringify({
      priorities: { normal: { signOff: 1, response: 2, completion: 4 } },
      tiers: { grid: 1, community: 2 },
      warnRatio: 0.75,
    }),
  };
  const nc: NatsConnection = await connect({ servers: testNatsUrl() });
  const received: ClockFixture['received'] = [];
  const sub: Subscription = nc.subscribe(`${prefix}.case.v1.>`);
  void (async () => {
    for await (const msg of sub) {
      received.push({ subject: msg.subject.slice(prefix.length + 1), payload: msg.json(), at: Date.now() });
    }
  })();
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 3 });
  const fixture: ClockFixture = {
    pool,
    prefix,
    grpcPort,
    httpPort,
    received,
    service: undefined as unknown as ServiceProcess,
    async start() {
      fixture.service = ServiceProcess.start('case', env);
      await fixture.service.ready(60_000);
    },
    async stop() {
      await fixture.service.stop();
    },
    async close() {
      await fixture.service?.stop();
      sub.unsubscribe();
      await nc.close();
      await pool.end();
    },
  };
  await fixture.start();
  return fixture;
}

/** Writes a transition event to the case outbox (as the lifecycle would) and wakes the relay. */
export async function publish(pool: pg.Pool, event: string, payload: CaseTransitionPayload): Promise<void> {
  await pool.query(`INSERT INTO "case".outbox (id, subject, payload, headers) VALUES ($1, $2, $3, '{}')`, [
    randomUUID(),
    `case.v1.${event}`,
    JSON.stringify(payload),
  ]);
  await pool.query(`SELECT pg_notify('outbox_case', '')`);
}

export function transition(
  caseId: string,
  seq: number,
  state: CaseTransitionPayload['state'],
  occurredAt: Date,
  over: Partial<CaseTransitionPayload> = {},
): CaseTransitionPayload {
  const unitCode = over.unitCode ?? '440106001001';
  return {
    caseId,
    seq,
    category: 'street_light',
    channel: 'grid_worker',
    priority: 'normal',
    state,
    previousState: null,
    unitCode,
    unitPath: ['44', '4401', '440106', '440106001', '440106001001'],
    departmentCode: 'D-URBAN',
    actor: { subject: 'u-1', role: 'street_dispatcher', unitCode: '440106001', departmentCode: null },
    reason: null,
    details: {},
    occurredAt: occurredAt.toISOString(),
    ...over,
  };
}

export interface ClockRow {
  kind: string;
  state: string;
  due_at: Date;
  warn_at: Date | null;
  paused_at: Date | null;
  next_fire_at: Date | null;
  last_seq: number;
}

export async function clocksOf(pool: pg.Pool, caseId: string): Promise<Record<string, ClockRow>> {
  const { rows } = await pool.query<ClockRow>(
    `SELECT kind, state, due_at, warn_at, paused_at, next_fire_at, last_seq FROM "case".deadline_clocks
     WHERE case_id = $1`,
    [caseId],
  );
  return Object.fromEntries(rows.map((r) => [r.kind, r]));
}

export async function waitForClocks(
  pool: pg.Pool,
  caseId: string,
  ready: (clocks: Record<string, ClockRow>) => boolean,
  what: string,
): Promise<Record<string, ClockRow>> {
  let last: Record<string, ClockRow> = {};
  await waitFor(
    async () => {
      last = await clocksOf(pool, caseId);
      return ready(last);
    },
    { timeoutMs: 20_000, what },
  );
  return last;
}

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
