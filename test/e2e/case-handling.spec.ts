import { randomUUID } from 'node:crypto';
import { ServiceProcess, waitFor } from '@yiwang/testing';
import { CaseFixture, type Json } from './case-fixture.js';
import {
  ENVIRONMENT,
  OFFICE,
  POLICE,
  STREET,
  startLifecycleWorld,
  type LifecycleWorld,
} from './case-lifecycle.world.js';

/**
 * The rest of case handling through the gateway: 吹哨报到 joint handling, duplicates and merge, idempotent
 * intake, requests and rulings, queries, the demo seeder and routing from the local department projection.
 */
describe('case handling through the gateway', () => {
  let w: LifecycleWorld;
  let f: CaseFixture;
  let point: { lat: number; lng: number };
  let t: Record<string, string>;
  const dispatched = (body: Json = {}) => w.dispatched(body);

  beforeAll(async () => {
    w = await startLifecycleWorld('cases-handling');
    ({ f, point, t } = w);
  }, 600_000);

  afterAll(async () => {
    await w?.f.stop();
  });

  it('summons a lead and co-handlers (吹哨报到); resolves only when every sub-task is done', async () => {
    const c = await f.create(t.street, { unitCode: STREET, category: 'illegal_construction' });
    expect(c.tier).toBe('street');
    await f.act(t.street, c.id, 'register');
    const summoned = await f.act(t.street, c.id, 'summon', {
      departmentCode: OFFICE,
      coHandlers: [
        { departmentCode: POLICE, task: '现场秩序维护', deadlineWorkingHours: 8 },
        { departmentCode: ENVIRONMENT, task: '扬尘检测', deadlineWorkingHours: 16 },
      ],
    });
    expect(summoned).toMatchObject({ state: 'dispatched', departmentCode: OFFICE });
    const detail = await f.get(t.street, c.id);
    expect(detail.subtasks).toHaveLength(2);
    const bySubtask = Object.fromEntries(detail.subtasks.map((s: Json) => [s.departmentCode, s]));
    expect(bySubtask[ENVIRONMENT]).toMatchObject({ state: 'open', deadlineWorkingHours: 16 });

    await f.act(t.office, c.id, 'accept');
    await f.act(t.office, c.id, 'start');
    const early = await f.actRaw(t.office, c.id, 'resolve', { result: '已拆除' });
    expect(early.status).toBe(409);
    expect(((await early.json()) as Json).code).toBe('case.subtasks_open');

    // A co-handler sees the case in its list and completes only its own sub-task.
    const envList = await f.json('GET', `/api/v1/cases?department=${ENVIRONMENT}&limit=200`, t.environment);
    expect(envList.items.map((i: Json) => i.id)).toContain(c.id);
    const wrong = await f.actRaw(t.environment, c.id, 'complete-subtask', {
      subtaskId: bySubtask[POLICE].id,
      result: 'x',
    });
    expect(wrong.status).toBe(403);
    await f.act(t.police, c.id, 'complete-subtask', {
      subtaskId: bySubtask[POLICE].id,
      result: '已维护秩序',
    });
    await f.act(t.environment, c.id, 'complete-subtask', {
      subtaskId: bySubtask[ENVIRONMENT].id,
      result: '检测达标',
    });
    expect((await f.act(t.office, c.id, 'resolve', { result: '已拆除' })).state).toBe('resolved');
    const events = await f.eventsOf(c.id, 8);
    CaseFixture.checkContract(events);
    const summonedEvent = events.find((e) => e.subject === 'case.v1.summoned')!;
    expect(summonedEvent.payload).toMatchObject({
      departmentCode: OFFICE,
      details: { coHandlers: [POLICE, ENVIRONMENT] },
    });
    expect(events.filter((e) => e.subject === 'case.v1.subtask-completed')).toHaveLength(2);
    expect(events.at(-1)!.payload).toMatchObject({ state: 'resolved', details: { subtasks: 2 } });
  });

  it('suggests possible duplicates on create and merges one, keeping both timelines', async () => {
    const near = { lat: point.lat + 0.0003, lng: point.lng };
    const first = await f.create(t.grid, { location: point, category: 'garbage', title: '垃圾未清运' });
    const second = await f.create(t.grid, { location: near, category: 'garbage', title: '垃圾堆积' });
    expect(second.possibleDuplicates.map((d: Json) => d.id)).toContain(first.id);
    const candidate = second.possibleDuplicates.find((d: Json) => d.id === first.id);
    expect(candidate.distanceMeters).toBeGreaterThan(10);
    expect(candidate.distanceMeters).toBeLessThan(60);
    const elsewhere = await f.create(t.grid, { location: point, category: 'noise', title: '噪声' });
    expect(elsewhere.possibleDuplicates.map((d: Json) => d.id)).not.toContain(first.id);

    const merged = await f.act(t.street, second.id, 'merge', { intoCaseId: first.id, reason: '同一地点' });
    expect(merged).toMatchObject({ state: 'closed', closeReason: 'duplicate', mergedInto: first.id });
    const target = await f.get(t.street, first.id);
    expect(target.mergedFrom).toEqual([second.id]);
    expect(target.timeline.map((s: Json) => s.action)).toEqual(['report']);
    const source = await f.get(t.street, second.id);
    expect(source.timeline.map((s: Json) => s.action)).toEqual(['report', 'merge', 'merge']);
    const events = await f.eventsOf(second.id, 3);
    expect(events.map((e) => e.subject)).toEqual(['case.v1.created', 'case.v1.closed', 'case.v1.merged']);
    expect(events[2].payload.details).toEqual({ mergedInto: first.id });
  });

  it('returns the first case for a retried Idempotency-Key', async () => {
    const key = randomUUID();
    const body = { title: '井盖缺失', category: 'road_damage', channel: 'resident', location: point };
    const a = await f.request('POST', '/api/v1/cases', t.grid, body, { 'idempotency-key': key });
    const b = await f.request('POST', '/api/v1/cases', t.grid, body, { 'idempotency-key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    const [first, second] = [(await a.json()) as Json, (await b.json()) as Json];
    expect(second.id).toBe(first.id);
    expect((await f.get(t.grid, first.id)).timeline).toHaveLength(1);
  });

  it('runs suspension, extension, supervision and the unreasonable ruling with its appeal', async () => {
    const c = await dispatched();
    await f.act(t.office, c.id, 'accept');
    await f.act(t.office, c.id, 'start');
    const asked = await f.act(t.office, c.id, 'request-suspension', { reason: '等待业主回国' });
    expect(asked).toMatchObject({ state: 'in_progress', pendingRequest: 'suspension' });
    expect((await f.act(t.street, c.id, 'approve-suspension')).state).toBe('suspended');
    expect((await f.act(t.street, c.id, 'resume')).state).toBe('in_progress');

    await f.act(t.office, c.id, 'request-extension', { extendWorkingHours: 16, reason: '需采购配件' });
    const extended = await f.act(t.street, c.id, 'approve-extension');
    expect(extended.pendingRequest).toBeNull();
    await f.act(t.office, c.id, 'request-extension', { extendWorkingHours: 40, reason: '再延' });
    expect((await f.act(t.street, c.id, 'reject', { reason: '不予延期' })).pendingRequest).toBeNull();

    const supervised = await f.act(t.supervisor, c.id, 'supervise', { reason: '群众反映强烈' });
    expect(supervised.state).toBe('in_progress');

    await f.act(t.office, c.id, 'request-unreasonable', { reason: '诉求超出政策范围' });
    const ruled = await f.act(t.street, c.id, 'approve-unreasonable');
    expect(ruled).toMatchObject({ state: 'closed', unreasonable: true, allowedActions: ['appeal'] });
    expect(await f.act(t.street, c.id, 'appeal', { reason: '复核后认为合理' })).toMatchObject({
      state: 'registered',
      unreasonable: false,
    });

    // The 11 events of the steps that change state or clocks, plus 3 requests and 1 rejection.
    const events = await f.eventsOf(c.id, 16);
    CaseFixture.checkContract(events);
    const by = (s: string) => events.filter((e) => e.subject === `case.v1.${s}`).map((e) => e.payload);
    expect(by('suspension-requested')).toEqual([
      expect.objectContaining({
        state: 'in_progress',
        previousState: 'in_progress',
        departmentCode: OFFICE,
        reason: '等待业主回国',
        details: { request: 'suspension' },
        actor: expect.objectContaining({ role: 'department_handler', departmentCode: OFFICE }),
      }),
    ]);
    expect(by('extension-requested').map((e) => e.details)).toEqual([
      { request: 'extension', extendWorkingHours: 16 },
      { request: 'extension', extendWorkingHours: 40 },
    ]);
    expect(by('request-rejected')).toEqual([
      expect.objectContaining({
        reason: '不予延期',
        details: expect.objectContaining({ request: 'extension' }),
      }),
    ]);
    expect(by('unreasonable-requested')[0]).toMatchObject({
      reason: '诉求超出政策范围',
      details: { request: 'unreasonable' },
    });
    // The order of the whole story, request → ruling, by the per-case sequence.
    expect(events.map((e) => e.subject.replace('case.v1.', ''))).toEqual([
      'created',
      'registered',
      'dispatched',
      'accepted',
      'started',
      'suspension-requested',
      'suspended',
      'resumed',
      'extension-requested',
      'extended',
      'extension-requested',
      'request-rejected',
      'supervised',
      'unreasonable-requested',
      'closed',
      'reopened',
    ]);
    // The same events are stored in the CASE stream, as a replaying consumer reads them.
    expect(await f.stored('case.v1.request-rejected', c.id)).toHaveLength(1);
    expect((await f.stored('case.v1.extension-requested', c.id)).map((e) => e.seq)).toEqual(
      by('extension-requested').map((e) => e.seq),
    );
    expect(by('suspended')).toHaveLength(1);
    expect(by('resumed')[0].state).toBe('in_progress');
    expect(by('extended')[0].details).toEqual({ extendWorkingHours: 16, clock: 'completion' });
    expect(by('supervised')[0].details).toEqual({ card: 'notice', targetUnit: OFFICE });
    expect(by('closed')[0].details).toEqual({ closeReason: 'invalid', unreasonable: true });
    expect(by('reopened')[0].details).toMatchObject({ appeal: true, unreasonable: false });
    const timeline = (await f.get(t.street, c.id)).timeline.map((s: Json) => s.action);
    expect(timeline).toEqual(expect.arrayContaining(['request-suspension', 'request-extension', 'reject']));
  });

  it('seeds demo cases in every state from a seed, and a re-run adds none', async () => {
    const run = async () => {
      const cli = ServiceProcess.start(
        'case',
        { ...f.platform.env, GRID_GRPC_ADDR: `127.0.0.1:${f.platform.ports.grid.grpc}` },
        'cli.js',
        ['demo', '--district', '440106', '--count', '40', '--seed', '7'],
      );
      expect(await cli.exited()).toBe(0);
      return cli.stdoutText();
    };
    const first = await run();
    const created = Number(/(\d+) created/.exec(first)?.[1]);
    const existing = Number(/(\d+) already there/.exec(first)?.[1]);
    expect(created + existing).toBe(40);
    for (const state of ['reported', 'registered', 'dispatched', 'accepted', 'returned', 'in_progress']) {
      expect(first).toMatch(new RegExp(`\\d+ ${state}\\b`));
    }
    for (const state of ['suspended', 'resolved', 'closed'])
      expect(first).toMatch(new RegExp(`\\d+ ${state}\\b`));
    const second = await run();
    expect(second).toMatch(/ 0 created, 40 already there/);
    const demo = await f.json('GET', `/api/v1/cases?state=suspended&limit=200`, t.admin);
    expect(demo.items.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a department of another area, and routes from its own projection while the registry is down', async () => {
    const c = await f.create(t.street, {
      unitCode: `${STREET}002`,
      category: 'garbage',
      title: '垃圾未清运',
    });
    await f.act(t.street, c.id, 'register');
    // The registry announces another street's office: the projection learns it from the event.
    await f.publish('registry.v1.department-changed', {
      code: '440106002-urban_management',
      unitCode: '440106002',
      categories: ['garbage', 'street_light'],
      change: 'created',
      occurredAt: new Date().toISOString(),
    });
    const foreign = await waitFor(
      async () => {
        const response = await f.actRaw(t.street, c.id, 'dispatch', {
          departmentCode: '440106002-urban_management',
        });
        const body = (await response.json()) as Json;
        return body.code === 'case.foreign_department' ? { status: response.status, body } : undefined;
      },
      { what: 'the department projection to hold the announced office', timeoutMs: 15_000 },
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({
      code: 'case.foreign_department',
      errors: [{ field: 'departmentCode' }],
    });

    await f.platform.processes.grid.stop();
    const offline = await f.create(t.street, {
      unitCode: `${STREET}003`,
      category: 'garbage',
      title: '垃圾满溢',
    });
    await f.act(t.street, offline.id, 'register');
    expect(await f.act(t.street, offline.id, 'dispatch')).toMatchObject({ departmentCode: OFFICE });
  });
});
