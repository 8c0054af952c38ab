import { waitFor } from '@yiwang/testing';
import { CaseFixture, type Json } from './case-fixture.js';
import {
  DISTRICT_UM,
  OFFICE,
  POLICE,
  STREET,
  startLifecycleWorld,
  type LifecycleWorld,
} from './case-lifecycle.world.js';

/**
 * The 派单接单 closed loop through the gateway with every service a real process (PostgreSQL, NATS, the
 * registry's demo street for locations and departments): every action, its timeline row and its event;
 * refusals, scope, returns, reopening and the escalation ladder.
 */
describe('case lifecycle through the gateway', () => {
  let w: LifecycleWorld;
  let f: CaseFixture;
  let grid: Json;
  let t: Record<string, string>;
  const report = (body: Json = {}) => w.report(body);
  const dispatched = (body: Json = {}) => w.dispatched(body);

  beforeAll(async () => {
    w = await startLifecycleWorld('cases');
    ({ f, grid, t } = w);
  }, 600_000);

  afterAll(async () => {
    await w?.f.stop();
  });

  it('runs the closed loop, each step on the timeline with its actor and its contract event', async () => {
    const created = await report();
    expect(created).toMatchObject({
      state: 'reported',
      unitCode: grid.code,
      unitPath: ['44', '4401', '440106', STREET, grid.code.split('-')[0], grid.code],
      tier: 'grid',
      version: 1,
      priority: 'normal',
    });
    const id = created.id;
    expect((await f.act(t.street, id, 'register')).state).toBe('registered');
    const routed = await f.act(t.street, id, 'dispatch');
    expect(routed).toMatchObject({ state: 'dispatched', departmentCode: OFFICE });
    expect(routed.routingVersion).toMatch(new RegExp(`^${OFFICE}@\\d+$`));
    expect((await f.act(t.office, id, 'accept')).state).toBe('accepted');
    expect((await f.act(t.office, id, 'start')).state).toBe('in_progress');
    const resolved = await f.act(t.office, id, 'resolve', { result: '已更换灯泡', evidenceIds: ['att-1'] });
    expect(resolved).toMatchObject({ state: 'resolved', result: '已更换灯泡', evidenceIds: ['att-1'] });
    expect((await f.act(t.street, id, 'rate', { rating: 'satisfied', comment: '很快' })).state).toBe('rated');
    const closed = await f.act(t.street, id, 'close');
    expect(closed).toMatchObject({
      state: 'closed',
      closeReason: 'resolved',
      version: 8,
      allowedActions: [],
    });

    const detail = await f.get(t.admin, id);
    expect(detail.timeline.map((s: Json) => [s.seq, s.action, s.event, s.toState])).toEqual([
      [1, 'report', 'created', 'reported'],
      [2, 'register', 'registered', 'registered'],
      [3, 'dispatch', 'dispatched', 'dispatched'],
      [4, 'accept', 'accepted', 'accepted'],
      [5, 'start', 'started', 'in_progress'],
      [6, 'resolve', 'resolved', 'resolved'],
      [7, 'rate', 'rated', 'rated'],
      [8, 'close', 'closed', 'closed'],
    ]);
    expect(detail.timeline[3]).toMatchObject({
      actorRole: 'department_handler',
      actorDepartmentCode: OFFICE,
    });
    expect(detail.timeline[1]).toMatchObject({ actorRole: 'street_dispatcher', actorUnitCode: STREET });

    const events = await f.eventsOf(id, 8);
    CaseFixture.checkContract(events);
    expect(events.map((e) => e.subject)).toEqual([
      'case.v1.created',
      'case.v1.registered',
      'case.v1.dispatched',
      'case.v1.accepted',
      'case.v1.started',
      'case.v1.resolved',
      'case.v1.rated',
      'case.v1.closed',
    ]);
    expect(events[2].payload).toMatchObject({
      seq: 3,
      state: 'dispatched',
      previousState: 'registered',
      departmentCode: OFFICE,
      details: { tier: 'grid' },
      actor: { role: 'street_dispatcher', unitCode: STREET },
    });
    expect(events[1].payload.details).toMatchObject({ tier: 'grid', automatic: false });
    expect(events[6].payload.details).toEqual({ rating: 'satisfied' });
    expect(events[7].payload.details).toMatchObject({ closeReason: 'resolved' });
  });

  it('answers 409 naming the allowed actions, 400 naming the field, 412 on a stale If-Match', async () => {
    const c = await report();
    const early = await f.actRaw(t.grid, c.id, 'accept');
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toMatch(/problem\+json/);
    const problem = (await early.json()) as Json;
    expect(problem.code).toBe('case.action_not_allowed');
    expect(problem.allowedActions).toEqual(expect.arrayContaining(['register', 'close', 'merge']));
    expect(problem.allowedActions).not.toContain('accept');

    const unknown = await f.actRaw(t.street, c.id, 'teleport');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Json).errors[0].field).toBe('body.action');

    const stale = await f.actRaw(t.street, c.id, 'register', {}, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as Json).code).toBe('case.version_mismatch');
    const current = await f.request('GET', `/api/v1/cases/${c.id}`, t.street);
    const etag = current.headers.get('etag')!;
    expect(etag).toBe('"1"');
    const ok = await f.actRaw(t.street, c.id, 'register', {}, { 'if-match': etag });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect((await f.actRaw(t.street, c.id, 'dispatch', {}, { 'if-match': etag })).status).toBe(412);

    await f.act(t.street, c.id, 'dispatch');
    const noReason = await f.actRaw(t.office, c.id, 'return');
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({
      code: 'case.invalid_action',
      errors: [{ field: 'reason' }],
    });
    const noRating = await f.actRaw(t.street, c.id, 'close', { closeReason: 'invalid', reason: '重复' });
    expect(noRating.status).toBe(409);
    expect(((await noRating.json()) as Json).allowedActions).toEqual(
      expect.arrayContaining(['accept', 'return', 'escalate', 'supervise']),
    );
    // Closing early as invalid needs a reason.
    const other = await report();
    const invalid = await f.actRaw(t.street, other.id, 'close', { closeReason: 'invalid' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as Json).errors[0].field).toBe('reason');
    expect(
      await f.act(t.street, other.id, 'close', { closeReason: 'invalid', reason: '测试数据' }),
    ).toMatchObject({ state: 'closed', closeReason: 'invalid' });
  });

  it('keeps dispatchers to their street and handlers to their department', async () => {
    const c = await dispatched();
    expect((await f.request('GET', `/api/v1/cases/${c.id}`, t.otherStreet)).status).toBe(404);
    expect((await f.actRaw(t.otherStreet, c.id, 'escalate', { reason: 'x' })).status).toBe(404);
    const theirs = await f.json('GET', `/api/v1/cases?limit=200`, t.otherStreet);
    expect(theirs.items.map((i: Json) => i.id)).not.toContain(c.id);

    expect((await f.request('GET', `/api/v1/cases/${c.id}`, t.environment)).status).toBe(404);
    expect((await f.actRaw(t.environment, c.id, 'accept')).status).toBe(404);
    // The police office sees its street but the case is not its department's.
    expect((await f.actRaw(t.police, c.id, 'accept')).status).toBe(404);
    // A dispatcher may not accept for the department.
    expect((await f.actRaw(t.street, c.id, 'accept')).status).toBe(403);
    const mine = await f.json('GET', `/api/v1/cases?limit=200`, t.office);
    expect(mine.items.length).toBeGreaterThan(0);
    for (const item of mine.items) expect(item.departmentCode).toBe(OFFICE);
    expect(mine.items.map((i: Json) => i.id)).toContain(c.id);
  });

  it('arbitrates returns (rejected: back; upheld: elsewhere) and escalates after repeated returns', async () => {
    const c = await dispatched();
    const returned = await f.act(t.office, c.id, 'return', { reason: '不属于本所职责' });
    expect(returned).toMatchObject({ state: 'returned', returnCount: 1 });
    const back = await f.act(t.street, c.id, 'arbitrate-return', {
      decision: 'reject',
      reason: '权责清单明确',
    });
    expect(back).toMatchObject({ state: 'dispatched', departmentCode: OFFICE });
    await f.act(t.office, c.id, 'accept');
    const again = await f.act(t.office, c.id, 'return', { reason: '仍不属于' });
    expect(again).toMatchObject({
      state: 'registered',
      tier: 'community',
      departmentCode: null,
      returnCount: 0,
    });
    const events = await f.eventsOf(c.id, 8);
    CaseFixture.checkContract(events);
    expect(events.slice(-2).map((e) => e.subject)).toEqual(['case.v1.returned', 'case.v1.escalated']);
    expect(events.at(-1)!.payload.details).toMatchObject({
      tier: 'community',
      fromTier: 'grid',
      automatic: true,
      cause: 'repeated_returns',
    });

    // Upheld only where the case's 权责清单 version does not name the returning department: illegal
    // parking, sent to the urban-management office by hand, belongs to the police (case-responsibility.spec
    // covers a return the list refuses).
    const d = await report({ category: 'illegal_parking', title: '违停占道' });
    await f.act(t.street, d.id, 'register');
    await f.act(t.street, d.id, 'dispatch', { departmentCode: OFFICE });
    await f.act(t.office, d.id, 'return', { reason: '应由公安处理' });
    const upheld = await f.act(t.street, d.id, 'arbitrate-return', { decision: 'uphold' });
    expect(upheld).toMatchObject({ state: 'dispatched', departmentCode: POLICE });
    const [arbitrated] = (await f.eventsOf(d.id, 5)).slice(-1);
    expect(arbitrated.payload).toMatchObject({
      departmentCode: POLICE,
      details: { arbitration: 'upheld', returnedBy: OFFICE, listedResponsible: false },
    });
  });

  it('reopens to the same handler when dissatisfied, and escalates the second time', async () => {
    const c = await dispatched();
    await f.act(t.office, c.id, 'accept');
    await f.act(t.office, c.id, 'start');
    await f.act(t.office, c.id, 'resolve', { result: '已处理' });
    const reopened = await f.act(t.street, c.id, 'rate', { rating: 'dissatisfied', comment: '没修好' });
    expect(reopened).toMatchObject({ state: 'in_progress', departmentCode: OFFICE, reopenCount: 1 });
    await f.act(t.office, c.id, 'resolve', { result: '再次处理' });
    const escalated = await f.act(t.street, c.id, 'rate', { rating: 'dissatisfied' });
    expect(escalated).toMatchObject({ state: 'registered', tier: 'community', departmentCode: null });
    const subjects = (await f.eventsOf(c.id, 11)).map((e) => e.subject);
    expect(subjects.slice(6)).toEqual([
      'case.v1.rated',
      'case.v1.reopened',
      'case.v1.resolved',
      'case.v1.rated',
      'case.v1.escalated',
    ]);
  });

  it('climbs the ladder grid → community → street → district on demand, and no further', async () => {
    const c = await report();
    await f.act(t.grid, c.id, 'register');
    expect(await f.act(t.grid, c.id, 'escalate', { reason: '网格无法处理' })).toMatchObject({
      tier: 'community',
    });
    // The grid worker no longer holds it.
    expect((await f.actRaw(t.grid, c.id, 'escalate', { reason: 'x' })).status).toBe(403);
    expect(await f.act(t.community, c.id, 'escalate', { reason: '社区无法处理' })).toMatchObject({
      tier: 'street',
    });
    expect(await f.act(t.street, c.id, 'escalate', { reason: '需区级协调' })).toMatchObject({
      tier: 'district',
      tierUnitCode: '440106',
    });
    const top = await f.actRaw(t.admin, c.id, 'escalate', { reason: 'x' });
    expect(top.status).toBe(409);
    expect(((await top.json()) as Json).allowedActions).not.toContain('escalate');
    // At the district, routing picks the district department.
    expect(await f.act(t.admin, c.id, 'dispatch')).toMatchObject({ departmentCode: DISTRICT_UM });
    expect((await f.actRaw(t.street, c.id, 'supervise', { reason: 'x' })).status).toBe(403);
  });

  it('escalates one tier when case-clock reports a tier deadline passed, once', async () => {
    const c = await report();
    await f.act(t.street, c.id, 'register');
    const overdue = (seq: number) => ({
      caseId: c.id,
      seq,
      category: 'street_light',
      channel: 'grid_worker',
      priority: 'normal',
      state: 'registered',
      previousState: 'registered',
      unitCode: c.unitCode,
      unitPath: c.unitPath,
      departmentCode: null,
      actor: { subject: 'service:case-clock', role: 'service', unitCode: null, departmentCode: null },
      reason: null,
      details: { clock: 'tier', tier: 'grid', dueAt: new Date().toISOString(), card: 'red' },
      occurredAt: new Date().toISOString(),
    });
    await f.publish('case.v1.overdue', overdue(2));
    const escalated = await waitFor(
      async () => {
        const got = await f.get(t.admin, c.id);
        return got.tier === 'community' ? got : undefined;
      },
      { what: 'the automatic escalation', timeoutMs: 15_000 },
    );
    expect(escalated).toMatchObject({ state: 'registered', overdue: true });
    expect(escalated.timeline.at(-1)).toMatchObject({ action: 'auto-escalate', event: 'escalated' });
    // The same deadline reported again (a redelivery or a second clock run) changes nothing.
    await f.publish('case.v1.overdue', overdue(2));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await f.get(t.admin, c.id)).tier).toBe('community');
    const events = await f.eventsOf(c.id, 1, 'case.v1.escalated');
    expect(events).toHaveLength(1);
    expect(events[0].payload.details).toMatchObject({ automatic: true, fromTier: 'grid', tier: 'community' });
    const overdueList = await f.json('GET', `/api/v1/cases?overdue=true&limit=200`, t.admin);
    expect(overdueList.items.map((i: Json) => i.id)).toContain(c.id);
  });

  it('lets the grid handle a small case itself (小事不出网格)', async () => {
    const c = await report();
    await f.act(t.grid, c.id, 'register');
    const started = await f.act(t.grid, c.id, 'start');
    expect(started).toMatchObject({ state: 'in_progress', departmentCode: null, tier: 'grid' });
    expect(await f.act(t.grid, c.id, 'resolve', { result: '网格员现场处理' })).toMatchObject({
      state: 'resolved',
    });
    expect((await f.act(t.grid, c.id, 'rate', { rating: 'basically_satisfied' })).state).toBe('rated');
  });

  it('lists with filters and keyset pages, and serves the category catalogue', async () => {
    const page1 = await f.json('GET', `/api/v1/cases?unit=${STREET}&limit=3`, t.admin);
    expect(page1.items).toHaveLength(3);
    const page2 = await f.json(
      'GET',
      `/api/v1/cases?unit=${STREET}&limit=3&after=${page1.nextCursor}`,
      t.admin,
    );
    const ids1 = page1.items.map((i: Json) => i.id);
    for (const item of page2.items) expect(ids1).not.toContain(item.id);
    expect(page2.items[0].createdAt <= page1.items[2].createdAt).toBe(true);
    const closed = await f.json('GET', `/api/v1/cases?state=closed&category=street_light&limit=200`, t.admin);
    expect(closed.items.length).toBeGreaterThan(0);
    for (const item of closed.items)
      expect(item).toMatchObject({ state: 'closed', category: 'street_light' });
    const bad = await f.request('GET', `/api/v1/cases?after=nonsense`, t.admin);
    expect(bad.status).toBe(400);

    const catalogue = await f.json('GET', '/api/v1/cases/categories', t.grid);
    expect(catalogue.items.find((c: Json) => c.code === 'street_light')).toMatchObject({
      nameZh: '路灯故障',
      defaultDepartmentKind: 'urban_management',
      defaultPriority: 'normal',
      priorities: ['normal', 'urgent', 'emergency'],
    });
  });
});
