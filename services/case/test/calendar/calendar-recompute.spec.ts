import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type caseCalendarV1, protoFiles } from '@yiwang/contracts';
import { DomainError, GrpcClient, IdentityContext, type Identity } from '@yiwang/platform';
import {
  ServiceProcess,
  freePort,
  testDatabaseUrl,
  testNatsPrefix,
  testNatsUrl,
  waitFor,
} from '@yiwang/testing';
import pg from 'pg';
import {
  NationalDays,
  WorkingCalendar,
  builtinYears,
  type CalendarYearData,
} from '../../src/calendar/index.js';
import { publish, transition } from '../deadlines/clock-fixture.js';

/**
 * The calendar on the real case service (two replicas), PostgreSQL and NATS: loading and activating years,
 * the recompute of running deadlines, the broadcast reload and the next-year warning. Years are chosen
 * from today (the year before, the next year), so the test means the same whenever it runs.
 */
type Client = GrpcClient<caseCalendarV1.CalendarServiceClient>;

const admin: Identity = {
  subject: 'u-city-admin',
  roles: ['city_admin'],
  permissions: ['calendar:read', 'calendar:manage'],
  scopePath: null,
  department: null,
  kind: 'user',
};
const reader: Identity = {
  ...admin,
  subject: 'u-worker',
  roles: ['grid_worker'],
  permissions: ['calendar:read'],
  scopePath: '44.4401.440106',
};
const sh = (local: string) => new Date(`${local}+08:00`);
const HOUR = 3_600_000;
const DAY = 86_400_000;
const thisYear = Number(new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 4));
/** The year before: long clocks started in it are still running today. */
const P = thisYear - 1;
/** The next year: its New Year is the crossing the warning is about. */
const N = thisYear + 1;

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
/** A holiday of nine days from the first Monday of October of P (seven weekdays off). */
const autumnFrom = (() => {
  let t = Date.parse(`${P}-10-01T00:00:00Z`);
  while (new Date(t).getUTCDay() !== 1) t += DAY;
  return t;
})();
const withAutumn: CalendarYearData = {
  year: P,
  holidays: [
    { name: '元旦', from: `${P}-01-01`, to: `${P}-01-01` },
    { name: '国庆节', from: iso(autumnFrom), to: iso(autumnFrom + 8 * DAY) },
  ],
  workdays: [],
};
const withoutAutumn: CalendarYearData = { ...withAutumn, holidays: [withAutumn.holidays[0]] };
const nextYear: CalendarYearData = {
  year: N,
  holidays: [{ name: '元旦', from: `${N}-01-01`, to: `${N}-01-07` }],
  workdays: [],
};
const calendarOf = (...loaded: CalendarYearData[]) => {
  const years = new Map(builtinYears);
  for (const y of loaded) years.set(y.year, y);
  return new WorkingCalendar({ national: new NationalDays(years.values()) });
};
const documentOf = (data: CalendarYearData, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...data, workdays: data.workdays.map((w) => ({ date: w.date })), ...extra });

/** The long project: started in P, due (on the calendar with P's autumn holiday) 3 working days from now. */
const longStart = sh(`${P}-09-01T09:00:00`);
const completionHours = (() => {
  const calendar = calendarOf(withAutumn);
  return Math.ceil(calendar.workingHoursBetween(longStart, calendar.addWorkingHours(new Date(), 22.5)));
})();

describe('the national calendar on the case service (real PostgreSQL, NATS, two replicas)', () => {
  const prefix = testNatsPrefix('calendar');
  let one: ServiceProcess;
  let two: ServiceProcess;
  let client: Client;
  let pool: pg.Pool;
  let nc: NatsConnection;
  let onePort: number;
  let twoMetrics: number;
  const received: Array<{ subject: string; payload: Record<string, unknown> }> = [];

  const as = <T>(identity: Identity, fn: () => Promise<T>) => IdentityContext.run(identity, fn);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = (method: string, request: object): Promise<any> =>
    as(admin, () => (client.call as (m: string, r: object) => Promise<unknown>)(method, request));
  const jobDone = (id: string) =>
    waitFor(async () => (await call('getRecomputeJob', { id })).job?.state === 'done', {
      timeoutMs: 30_000,
      what: `recompute job ${id} done`,
    });
  const metric = async (port: number, name: string) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : NaN;
  };
  const clocks = async (caseId: string) =>
    Object.fromEntries(
      (
        await pool.query(
          `SELECT kind, state, due_at, warn_at, next_fire_at, provisional, warned_for, overdue_for
           FROM "case".deadline_clocks WHERE case_id = $1`,
          [caseId],
        )
      ).rows.map((r) => [r.kind, r]),
    );
  const fired = (caseId: string, subject: string, clock: string) =>
    received.filter(
      (m) =>
        m.subject === subject &&
        m.payload.caseId === caseId &&
        (m.payload.details as { clock: string }).clock === clock,
    ).length;
  const cards = async (caseId: string) =>
    (
      await pool.query(
        `SELECT card, count(*)::int AS n FROM "case".supervision_cards WHERE case_id = $1 AND clock = 'completion'
         GROUP BY card ORDER BY card`,
        [caseId],
      )
    ).rows;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    nc = await connect({ servers: testNatsUrl() });
    const sub = nc.subscribe(`${prefix}.>`);
    void (async () => {
      for await (const msg of sub) {
        received.push({ subject: msg.subject.slice(prefix.length + 1), payload: msg.json() });
      }
    })();
    onePort = await freePort();
    const env = (grpc: number, http: number, sweepMs: number) => ({
      DATABASE_URL: testDatabaseUrl(),
      NATS_URL: testNatsUrl(),
      NATS_PREFIX: prefix,
      DATABASE_POOL_SIZE: '4',
      HTTP_PORT: String(http),
      GRPC_PORT: String(grpc),
      LOG_LEVEL: 'info',
      CASE_CALENDAR_WARN_FROM: '01-01',
      CASE_CALENDAR_RECOMPUTE_BATCH: '2',
      CASE_CALENDAR_SWEEP_MS: String(sweepMs),
      CASE_DEADLINE_POLICY: JSON.stringify({
        priorities: { normal: { signOff: 8 } },
        categories: { long_project: { normal: { completion: completionHours } } },
      }),
    });
    const oneMetrics = await freePort();
    one = ServiceProcess.start('case', env(onePort, oneMetrics, 1000));
    // The second replica sweeps rarely: it learns of changes from the broadcast.
    twoMetrics = await freePort();
    two = ServiceProcess.start('case', env(await freePort(), twoMetrics, 600_000));
    await Promise.all([one.ready(90_000), two.ready(90_000)]);
    client = new GrpcClient({
      protoFiles: protoFiles.case,
      service: 'yiwang.case.v1.CalendarService',
      address: `127.0.0.1:${onePort}`,
      deadlineMs: 10_000,
    });
    // Start from the built-in state of both years (another file in this worker may have changed them).
    for (const year of [P, N]) {
      const { activeVersion } = await call('listVersions', { year });
      if (activeVersion !== 0) {
        await jobDone((await call('activateVersion', { year, version: 0, reason: 'test reset' })).job!.id);
      }
    }
  }, 180_000);

  afterAll(async () => {
    for (const year of [P, N]) {
      const { activeVersion } = await call('listVersions', { year }).catch(() => ({ activeVersion: 0 }));
      if (activeVersion !== 0) await call('activateVersion', { year, version: 0, reason: 'test cleanup' });
    }
    client?.close();
    await Promise.all([one?.stop(), two?.stop()]);
    await nc?.close();
    await pool?.end();
  });

  it('refuses a bad document with the field named, and a writer without calendar:manage', async () => {
    // A Wednesday, inside the holiday.
    const bad = { ...withAutumn, workdays: [{ date: iso(autumnFrom + 2 * DAY), holiday: null }] };
    const error = await call('loadYear', {
      document: documentOf(bad),
      reason: 'test',
      activate: false,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('calendar.invalid');
    expect(error.details.map((d: { field: string }) => d.field)).toEqual([
      'document.workdays[0].date',
      'document.workdays[0].date',
    ]);
    const denied = await as(reader, () =>
      client.call('loadYear', {
        document: documentOf(withAutumn),
        reason: 'x',
        activate: true,
        actorName: '',
      }),
    ).catch((e) => e);
    expect(denied.code).toBe('auth.forbidden');
    expect(
      (await call('listVersions', { year: P })).versions.map((v: { version: number }) => v.version),
    ).toEqual([0]);
  });

  it('recomputes a running deadline when its year changes: it falls overdue once, and never twice', async () => {
    const mark = received.length;
    const v1 = await call('loadYear', {
      document: documentOf(withAutumn, { source: 'test notice' }),
      reason: 'autumn holiday',
      actorName: '市管理员',
      activate: true,
    });
    expect(v1).toMatchObject({
      created: true,
      version: { year: P, version: 1, active: true, createdByName: '市管理员' },
    });
    await jobDone(v1.job!.id);
    // The same days again are the same version.
    const again = await call('loadYear', {
      document: documentOf(withAutumn),
      reason: 'again',
      actorName: '',
      activate: false,
    });
    expect(again).toMatchObject({ created: false, version: { version: 1, active: true } });

    const caseId = randomUUID();
    await publish(
      pool,
      'dispatched',
      transition(caseId, 3, 'dispatched', longStart, { category: 'long_project' }),
    );
    const expectedDue = calendarOf(withAutumn).addWorkingHours(longStart, completionHours);
    await waitFor(
      async () => (await clocks(caseId)).completion?.due_at?.getTime() === expectedDue.getTime(),
      {
        timeoutMs: 20_000,
        what: 'the completion clock on the autumn calendar',
      },
    );
    // Its warning (75 %) is long past and fires at once; its due time is tomorrow.
    await waitFor(async () => fired(caseId, 'case.v1.deadline-warning', 'completion') === 1, {
      timeoutMs: 20_000,
      what: 'the completion warning',
    });
    expect(expectedDue.getTime()).toBeGreaterThan(Date.now());
    expect(fired(caseId, 'case.v1.overdue', 'completion')).toBe(0);

    // Version 2 drops the autumn holiday: seven more working days, so the due time is now past.
    const v2 = await call('loadYear', {
      document: documentOf(withoutAutumn),
      reason: '更正：无秋季假日',
      actorName: '市管理员',
      activate: false,
    });
    expect(v2).toMatchObject({ created: true, version: { version: 2, active: false } });
    const diff = await call('diffVersions', { year: P, fromVersion: 1, toVersion: 2 });
    expect(diff.changes).toHaveLength(9);
    expect(diff.changes[0]).toMatchObject({
      date: iso(autumnFrom),
      before: 'holiday',
      after: 'normal',
      beforeName: '国庆节',
    });

    const change = await call('activateVersion', {
      year: P,
      version: 2,
      reason: '启用更正版',
      actorName: '市管理员',
    });
    expect(change.activation).toMatchObject({ version: 2, previousVersion: 1, activatedByName: '市管理员' });
    await jobDone(change.job!.id);
    const job = (await call('getRecomputeJob', { id: change.job!.id })).job!;
    expect(job).toMatchObject({ year: P, state: 'done' });
    expect(job.done).toBe(job.total);
    expect(job.changed).toBeGreaterThanOrEqual(1);
    const newDue = calendarOf(withoutAutumn).addWorkingHours(longStart, completionHours);
    expect(newDue.getTime()).toBeLessThan(Date.now());
    expect((await clocks(caseId)).completion.due_at).toEqual(newDue);
    await waitFor(async () => fired(caseId, 'case.v1.overdue', 'completion') === 1, {
      timeoutMs: 20_000,
      what: 'one overdue event after the recompute',
    });
    await waitFor(async () => (await clocks(caseId)).completion.next_fire_at === null, {
      timeoutMs: 20_000,
      what: 'nothing more to fire',
    });

    // Back to version 1: the due time moves into tomorrow again, but what fired stays fired.
    await jobDone(
      (await call('activateVersion', { year: P, version: 1, reason: '回退', actorName: '' })).job!.id,
    );
    const back = (await clocks(caseId)).completion;
    expect(back.due_at).toEqual(expectedDue);
    expect(back.next_fire_at).toBeNull();
    expect(fired(caseId, 'case.v1.deadline-warning', 'completion')).toBe(1);
    expect(fired(caseId, 'case.v1.overdue', 'completion')).toBe(1);
    expect(await cards(caseId)).toEqual([
      { card: 'red', n: 1 },
      { card: 'yellow', n: 1 },
    ]);

    const versions = await call('listVersions', { year: P });
    expect(versions.activeVersion).toBe(1);
    expect(
      versions.versions.map((v: { version: number; active: boolean; reason?: string }) => [
        v.version,
        v.active,
        v.reason,
      ]),
    ).toEqual([
      [2, false, '更正：无秋季假日'],
      [1, true, 'autumn holiday'],
      // The built-in version was stored by no one: its reason is absent (proto3 optional), not ''.
      [0, false, undefined],
    ]);
    expect(
      versions.activations.map((a: { version: number; previousVersion: number }) => [
        a.version,
        a.previousVersion,
      ]),
    ).toEqual([
      [1, 2],
      [2, 1],
      [1, 0],
    ]);
    const announced = received.slice(mark).filter((m) => m.subject === 'calendar.v1.year-changed');
    expect(announced.map((m) => m.payload.version)).toEqual([1, 2, 1]);
    expect(announced[1].payload).toMatchObject({
      previousVersion: 1,
      loaded: true,
      recomputeJobId: change.job!.id,
    });
  }, 120_000);

  it('flags a deadline crossing into a next year without a calendar, and fixes it when the year is loaded', async () => {
    const caseId = randomUUID();
    const start = sh(`${thisYear}-12-31T16:00:00`);
    await publish(pool, 'dispatched', transition(caseId, 3, 'dispatched', start));
    const before = calendarOf().addWorkingHours(start, 8);
    const after = calendarOf(nextYear).addWorkingHours(start, 8);
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    await waitFor(async () => (await clocks(caseId)).sign_off?.provisional === !builtinYears.has(N), {
      timeoutMs: 20_000,
      what: 'the sign-off clock',
    });
    expect((await clocks(caseId)).sign_off.due_at).toEqual(before);
    if (!builtinYears.has(N)) {
      expect(await metric(twoMetrics, 'yiwang_calendar_next_year_missing')).toBe(1);
      expect(await metric(twoMetrics, 'yiwang_calendar_provisional_clocks')).toBeGreaterThanOrEqual(1);
      expect((await call('getStatus', {})).status).toMatchObject({ nextYear: N, nextYearMissing: true });
    }

    const loaded = await call('loadYear', {
      document: documentOf(nextYear),
      reason: `${N}年通知`,
      actorName: '',
      activate: true,
    });
    await jobDone(loaded.job!.id);
    const sign = (await clocks(caseId)).sign_off;
    expect(sign.due_at).toEqual(after);
    expect(sign.provisional).toBe(false);
    expect(sign.next_fire_at).toEqual(sign.warn_at);
    expect((await call('getStatus', {})).status).toMatchObject({
      nextYear: N,
      nextYearLoaded: true,
      nextYearMissing: false,
    });
    // The other replica reloads from the broadcast (its sweep runs every 10 minutes).
    await waitFor(async () => (await metric(twoMetrics, 'yiwang_calendar_next_year_missing')) === 0, {
      timeoutMs: 20_000,
      what: 'replica two reloaded',
    });
  }, 120_000);
});
