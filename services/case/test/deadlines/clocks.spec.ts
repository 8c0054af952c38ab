import { randomUUID } from 'node:crypto';
import { waitFor } from '@yiwang/testing';
import {
  clocksOf,
  hours,
  minutes,
  publish,
  startClockService,
  transition,
  waitForClocks,
  type ClockFixture,
} from './clock-fixture.js';

/** Clocks from published transition events, the scheduler's warnings and overdue events, restarts. */
describe('deadline clocks (real PostgreSQL, NATS and case service)', () => {
  let f: ClockFixture;

  beforeAll(async () => {
    f = await startClockService('clocks');
  }, 90_000);

  afterAll(async () => {
    await f?.close();
  });

  const eventsFor = (caseId: string, subject: string) =>
    f.received.filter((m) => m.subject === subject && m.payload.caseId === caseId);
  const cardsFor = async (caseId: string) =>
    (
      await f.pool.query(
        `SELECT card, origin, clock, target_unit, department_code, due_at FROM "case".supervision_cards
         WHERE case_id = $1 ORDER BY issued_at, card`,
        [caseId],
      )
    ).rows;

  /** Waits until the service has stored n events of the case (they arrive on separate consumers). */
  const eventsStored = (caseId: string, n: number) =>
    waitFor(
      async () =>
        (
          await f.pool.query(`SELECT count(*)::int AS n FROM "case".case_track_events WHERE case_id = $1`, [
            caseId,
          ])
        ).rows[0].n === n,
      { timeoutMs: 20_000, what: `${n} events stored` },
    );

  it('starts, pauses, resumes and extends clocks from transition events, in any arrival order', async () => {
    const caseId = randomUUID();
    const t0 = new Date(Date.now() - minutes(30));
    // Published out of order: the resume and the extension before the dispatch they apply to.
    await publish(
      f.pool,
      'extended',
      transition(caseId, 6, 'in_progress', new Date(t0.getTime() + minutes(25)), {
        details: { extendWorkingHours: 2, clock: 'completion' },
      }),
    );
    await publish(
      f.pool,
      'resumed',
      transition(caseId, 5, 'in_progress', new Date(t0.getTime() + minutes(20))),
    );
    await publish(
      f.pool,
      'dispatched',
      transition(caseId, 3, 'dispatched', t0, { details: { tier: 'street' } }),
    );
    await publish(
      f.pool,
      'suspended',
      transition(caseId, 4, 'suspended', new Date(t0.getTime() + minutes(10))),
    );
    await eventsStored(caseId, 4);
    const clocks = await clocksOf(f.pool, caseId);
    // Dispatched at t0 on a 24 h calendar: sign-off 1 h, response 2 h, completion 4 h; paused 10 min.
    expect(clocks.sign_off.due_at).toEqual(new Date(t0.getTime() + hours(1) + minutes(10)));
    expect(clocks.sign_off.warn_at).toEqual(new Date(t0.getTime() + minutes(45) + minutes(10)));
    expect(clocks.response.due_at).toEqual(new Date(t0.getTime() + hours(2) + minutes(10)));
    // Completion: 4 h + 10 min paused + the 2 h extension.
    expect(clocks.completion.due_at).toEqual(new Date(t0.getTime() + hours(6) + minutes(10)));
    expect(clocks.completion.paused_at).toBeNull();

    // Accepted stops sign-off (met); suspended pauses what is left.
    await publish(
      f.pool,
      'accepted',
      transition(caseId, 7, 'accepted', new Date(t0.getTime() + minutes(26))),
    );
    await publish(f.pool, 'suspended', transition(caseId, 8, 'suspended', new Date(Date.now() - minutes(1))));
    await eventsStored(caseId, 6);
    const paused = await waitForClocks(
      f.pool,
      caseId,
      (c) => c.response?.state === 'paused' && c.sign_off?.state === 'met',
      'clocks paused, sign-off met',
    );
    expect(paused.sign_off.state).toBe('met');
    expect(paused.completion.state).toBe('paused');
    expect(paused.completion.next_fire_at).toBeNull();

    // Closing cancels everything.
    await publish(
      f.pool,
      'closed',
      transition(caseId, 9, 'closed', new Date(), { details: { closeReason: 'invalid' } }),
    );
    const closed = await waitForClocks(f.pool, caseId, (c) => c.completion?.state === 'cancelled', 'closed');
    expect(closed.response.state).toBe('cancelled');
    expect(closed.sign_off.state).toBe('met');
  });

  it('fires the warning and then the overdue event at the due time, with yellow and red cards', async () => {
    const caseId = randomUUID();
    // Sign-off (1 h) falls due 3 s from now; its warning (45 min) has passed already.
    const dispatchedAt = new Date(Date.now() - hours(1) + 3000);
    const dueAt = new Date(dispatchedAt.getTime() + hours(1));
    await publish(f.pool, 'dispatched', transition(caseId, 3, 'dispatched', dispatchedAt));
    const warning = await waitFor(() => eventsFor(caseId, 'case.v1.deadline-warning')[0], {
      timeoutMs: 15_000,
      what: 'the warning',
    });
    expect(warning.payload.details).toEqual({
      clock: 'sign_off',
      dueAt: dueAt.toISOString(),
      card: 'yellow',
    });
    expect(warning.at).toBeLessThan(dueAt.getTime());
    const overdue = await waitFor(() => eventsFor(caseId, 'case.v1.overdue')[0], {
      timeoutMs: 15_000,
      what: 'the overdue event',
    });
    expect(overdue.payload.details).toEqual({ clock: 'sign_off', dueAt: dueAt.toISOString(), card: 'red' });
    // Flagged at, and within 2 s of, the due time (NOTIFY-driven: no tick to wait for).
    expect(Date.parse(overdue.payload.occurredAt)).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(overdue.at - dueAt.getTime()).toBeLessThan(2000);
    // A clock event keeps the last transition's seq and fields.
    expect(overdue.payload).toMatchObject({ seq: 3, state: 'dispatched', departmentCode: 'D-URBAN' });
    expect(await cardsFor(caseId)).toEqual([
      expect.objectContaining({
        card: 'yellow',
        origin: 'automatic',
        clock: 'sign_off',
        department_code: 'D-URBAN',
      }),
      expect.objectContaining({
        card: 'red',
        origin: 'automatic',
        clock: 'sign_off',
        department_code: 'D-URBAN',
      }),
    ]);
    expect((await clocksOf(f.pool, caseId)).sign_off.next_fire_at).toBeNull();
    // The counter moves after the transaction that wrote the cards commits: wait for it, not for luck.
    const overdueCounted = /yiwang_case_deadline_events_total\{kind="overdue",clock="sign_off"\} [1-9]/;
    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(`http://127.0.0.1:${f.httpPort}/metrics`)).text();
        return (
          overdueCounted.test(text) && /yiwang_case_deadline_fire_lag_seconds_count [1-9]/.test(text) && text
        );
      },
      { timeoutMs: 10_000, what: 'the overdue counter' },
    );
    expect(metrics).toMatch(overdueCounted);
    expect(metrics).toMatch(/yiwang_case_deadline_fire_lag_seconds_count [1-9]/);
  });

  it('gives each co-handler of a summon its own clock, warning and cards against that department', async () => {
    const caseId = randomUUID();
    // 吹哨报到 with two co-handlers: the police's 1-hour sub-task falls due 3 s from now (its warning has
    // passed), the environment bureau's 2-hour one later; the environment bureau finishes in time.
    const summonedAt = new Date(Date.now() - hours(1) + 3000);
    const policeDue = new Date(summonedAt.getTime() + hours(1));
    await publish(
      f.pool,
      'summoned',
      transition(caseId, 3, 'dispatched', summonedAt, {
        details: {
          tier: 'street',
          coHandlers: ['D-POLICE', 'D-ENV'],
          subtaskDeadlines: ['D-POLICE:1', 'D-ENV:2'],
        },
      }),
    );
    await publish(
      f.pool,
      'subtask-completed',
      transition(caseId, 4, 'dispatched', new Date(summonedAt.getTime() + minutes(10)), {
        details: { subtaskId: randomUUID(), subtaskDepartment: 'D-ENV' },
      }),
    );
    const clocks = await waitForClocks(
      f.pool,
      caseId,
      (c) => c['subtask:D-ENV']?.state === 'met',
      'the environment sub-task met',
    );
    expect(clocks['subtask:D-ENV'].next_fire_at).toBeNull();
    expect(new Date(clocks['subtask:D-POLICE'].due_at).toISOString()).toBe(policeDue.toISOString());
    // The lead's own clocks start with the summon as with a dispatch.
    expect(clocks.completion.state).toBe('running');

    const subtaskEvents = (subject: string) =>
      eventsFor(caseId, subject).filter((e) => e.payload.details.clock === 'subtask');
    const warning = await waitFor(() => subtaskEvents('case.v1.deadline-warning')[0], {
      timeoutMs: 15_000,
      what: 'the sub-task warning',
    });
    expect(warning.payload.details).toEqual({
      clock: 'subtask',
      subtaskDepartment: 'D-POLICE',
      dueAt: policeDue.toISOString(),
      card: 'yellow',
    });
    const overdue = await waitFor(() => subtaskEvents('case.v1.overdue')[0], {
      timeoutMs: 15_000,
      what: 'the sub-task overdue',
    });
    expect(overdue.payload.details).toMatchObject({ subtaskDepartment: 'D-POLICE', card: 'red' });
    expect(overdue.at - policeDue.getTime()).toBeLessThan(2000);
    const cards = (await cardsFor(caseId)).filter((c) => c.clock === 'subtask');
    expect(cards).toEqual([
      expect.objectContaining({ card: 'yellow', department_code: 'D-POLICE', target_unit: null }),
      expect.objectContaining({ card: 'red', department_code: 'D-POLICE', target_unit: null }),
    ]);
    // None against the environment bureau, which finished in time.
    expect(subtaskEvents('case.v1.overdue')).toHaveLength(1);
    expect((await cardsFor(caseId)).filter((c) => c.department_code === 'D-ENV')).toEqual([]);
  });

  it('fires a tier overdue naming the tier, with the card on the grid', async () => {
    const caseId = randomUUID();
    const grid = '440106001001-G01';
    const registeredAt = new Date(Date.now() - hours(1) + 1500);
    await publish(
      f.pool,
      'registered',
      transition(caseId, 2, 'registered', registeredAt, {
        unitCode: grid,
        unitPath: ['44', '4401', '440106', '440106001', '440106001001', grid],
        departmentCode: null,
        details: { tier: 'grid', automatic: false },
      }),
    );
    const overdue = await waitFor(() => eventsFor(caseId, 'case.v1.overdue')[0], { timeoutMs: 15_000 });
    expect(overdue.payload.details).toMatchObject({ clock: 'tier', tier: 'grid', card: 'red' });
    expect((await cardsFor(caseId)).map((c) => c.target_unit)).toEqual([grid, grid]);
    // Escalated to the community: a new tier clock (2 h) with no event yet.
    await publish(
      f.pool,
      'escalated',
      transition(caseId, 3, 'registered', new Date(), {
        unitCode: grid,
        unitPath: ['44', '4401', '440106', '440106001', '440106001001', grid],
        departmentCode: null,
        details: { tier: 'community', fromTier: 'grid', automatic: true },
      }),
    );
    const clocks = await waitForClocks(f.pool, caseId, (c) => c.tier?.last_seq === 3, 'community tier clock');
    expect(clocks.tier.state).toBe('running');
    expect(clocks.tier.next_fire_at).not.toBeNull();
  });

  it('fires once, on start, what fell due while the service was down', async () => {
    const caseId = randomUUID();
    const dispatchedAt = new Date(Date.now() - hours(1) + 6000);
    const dueAt = dispatchedAt.getTime() + hours(1);
    await publish(f.pool, 'dispatched', transition(caseId, 3, 'dispatched', dispatchedAt));
    await waitFor(() => eventsFor(caseId, 'case.v1.deadline-warning')[0], { timeoutMs: 10_000 });
    expect(Date.now()).toBeLessThan(dueAt);
    await f.stop();
    await waitFor(() => Date.now() > dueAt + 500, { timeoutMs: 15_000, what: 'the due time to pass' });
    expect(eventsFor(caseId, 'case.v1.overdue')).toHaveLength(0);
    await f.start();
    await waitFor(() => eventsFor(caseId, 'case.v1.overdue')[0], {
      timeoutMs: 15_000,
      what: 'overdue after restart',
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(eventsFor(caseId, 'case.v1.overdue')).toHaveLength(1);
    expect((await cardsFor(caseId)).filter((c) => c.card === 'red')).toHaveLength(1);
  }, 60_000);
});
