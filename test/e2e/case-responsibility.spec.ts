import { CaseFixture, type Json } from './case-fixture.js';
import { OFFICE, POLICE, startLifecycleWorld, type LifecycleWorld } from './case-lifecycle.world.js';

/**
 * The versioned responsibility list (权责清单) end to end: a new version and its diff, activation, cases
 * keeping the version they were routed under, and return arbitration judged against the case's version.
 * Spec files of a worker share the database: the test reads the active version instead of assuming 1,
 * and puts it back at the end.
 */
describe('the responsibility list (权责清单)', () => {
  let w: LifecycleWorld;
  let f: CaseFixture;
  let t: Record<string, string>;
  let original: number;

  beforeAll(async () => {
    w = await startLifecycleWorld('cases-responsibility');
    ({ f, t } = w);
    t.city = await f.token('city_admin', '440106');
  }, 600_000);

  afterAll(async () => {
    if (original) {
      await f.request('POST', `/api/v1/responsibilities/versions/${original}/activate`, t.city, {
        reason: '测试结束，恢复原版本',
      });
    }
    await w?.f.stop();
  });

  it('versions the list; cases keep their version; arbitration follows the case’s version', async () => {
    const listed = await f.json('GET', '/api/v1/responsibilities/versions', t.street);
    original = listed.activeVersion;
    expect(original).toBeGreaterThanOrEqual(1);
    const base = await f.json('GET', `/api/v1/responsibilities/versions/${original}`, t.street);
    expect(base.active).toBe(true);
    expect(base.entryCount).toBe(base.entries.length);
    const line = (e: Json, category: string, level: string) => e.category === category && e.level === level;
    expect(base.entries.find((e: Json) => line(e, 'street_light', 'street'))).toMatchObject({
      departmentKind: 'urban_management',
      departmentKindName: '城市管理和综合执法',
      categoryName: '路灯故障',
      levelName: '街道',
    });

    // Version B: street lights at street level go to the police (15 h), a community line is added and
    // the district line of "other" is dropped.
    const entries = base.entries
      .filter((e: Json) => !line(e, 'other', 'district'))
      .map((e: Json) => ({
        category: e.category,
        level: e.level,
        departmentKind: line(e, 'street_light', 'street') ? 'police' : e.departmentKind,
        deadlineWorkingHours: line(e, 'street_light', 'street') ? 15 : e.deadlineWorkingHours,
      }));
    entries.push({
      category: 'street_light',
      level: 'community',
      departmentKind: 'urban_management',
      deadlineWorkingHours: 7.5,
    });
    const refused = await f.request('POST', '/api/v1/responsibilities/versions', t.street, {
      entries,
      reason: 'x',
    });
    expect(refused.status).toBe(403);
    const created = await f.json('POST', '/api/v1/responsibilities/versions', t.city, {
      entries,
      reason: '路灯夜间巡查移交公安',
      basedOn: original,
    });
    const b = created.version as number;
    expect(created).toMatchObject({ active: false, basedOn: original, entryCount: base.entries.length });

    // Routed before the activation: the old version, the urban-management office.
    const before = await w.dispatched();
    expect(before).toMatchObject({ departmentCode: OFFICE, responsibilityVersion: original });

    // Activating needs a reason, which is kept with the activation.
    const noReason = await f.request('POST', `/api/v1/responsibilities/versions/${b}/activate`, t.city, {});
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as Json).errors).toEqual([
      expect.objectContaining({ field: 'body.reason' }),
    ]);
    const activated = await f.json('POST', `/api/v1/responsibilities/versions/${b}/activate`, t.city, {
      reason: '区政府第12号通知：路灯夜间巡查移交公安',
    });
    expect(activated).toMatchObject({
      version: { version: b, active: true, activationReason: '区政府第12号通知：路灯夜间巡查移交公安' },
      previousVersion: original,
    });
    const again = await f.request('POST', `/api/v1/responsibilities/versions/${b}/activate`, t.city, {
      reason: '再次启用',
    });
    expect(again.status).toBe(409);

    // Routed after it: the new version names the police at street level, with its 15-hour deadline.
    const after = await w.dispatched();
    expect(after).toMatchObject({ departmentCode: POLICE, responsibilityVersion: b });
    const [dispatchedEvent] = await f.eventsOf(after.id, 1, 'case.v1.dispatched');
    expect(dispatchedEvent.payload.details).toMatchObject({
      responsibilityVersion: b,
      completionWorkingHours: 15,
    });
    // The earlier case keeps the version it was routed under.
    expect((await f.get(t.street, before.id)).responsibilityVersion).toBe(original);

    // Its return is judged by that version, which names the office: upholding is refused, rejecting
    // sends it back. Under the active version the office would not be responsible.
    await f.act(t.office, before.id, 'return', { reason: '不属于本部门' });
    const upheld = await f.actRaw(t.street, before.id, 'arbitrate-return', { decision: 'uphold' });
    expect(upheld.status).toBe(409);
    expect(((await upheld.json()) as Json).code).toBe('case.return_unfounded');
    const rejected = await f.act(t.street, before.id, 'arbitrate-return', { decision: 'reject' });
    expect(rejected).toMatchObject({ departmentCode: OFFICE, responsibilityVersion: original });

    // A case sent to the office by hand under version B: B does not list it, so its return is upheld and
    // routing picks the department B names.
    const byHand = await w.report();
    await f.act(t.street, byHand.id, 'register');
    await f.act(t.street, byHand.id, 'dispatch', { departmentCode: OFFICE });
    await f.act(t.office, byHand.id, 'return', { reason: '路灯已移交公安' });
    const moved = await f.act(t.street, byHand.id, 'arbitrate-return', { decision: 'uphold' });
    expect(moved).toMatchObject({ departmentCode: POLICE, responsibilityVersion: b });

    // created, registered, dispatched, returned, dispatched (the arbitration)
    const events = await f.eventsOf(before.id, 5);
    CaseFixture.checkContract(events);
    const arbitration = events.filter((e) => e.subject === 'case.v1.dispatched').pop()!;
    expect(arbitration.payload.details).toMatchObject({
      arbitration: 'rejected',
      responsibilityVersion: original,
      listedResponsible: true,
    });

    // The difference between the two versions, line by line and counted.
    const diff = await f.json('GET', `/api/v1/responsibilities/diff?from=${original}&to=${b}`, t.street);
    expect(diff).toMatchObject({
      from: original,
      to: b,
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: base.entries.length - 2,
    });
    expect(diff.items).toEqual([
      expect.objectContaining({ category: 'other', level: 'district', change: 'removed', after: null }),
      expect.objectContaining({
        category: 'street_light',
        level: 'community',
        change: 'added',
        before: null,
        after: {
          departmentKind: 'urban_management',
          departmentKindName: '城市管理和综合执法',
          deadlineWorkingHours: 7.5,
        },
      }),
      expect.objectContaining({
        categoryName: '路灯故障',
        levelName: '街道',
        change: 'changed',
        before: expect.objectContaining({ departmentKind: 'urban_management', deadlineWorkingHours: 37.5 }),
        after: { departmentKind: 'police', departmentKindName: '公安', deadlineWorkingHours: 15 },
      }),
    ]);
    const versions = await f.json('GET', '/api/v1/responsibilities/versions', t.street);
    expect(versions.activeVersion).toBe(b);
    const summary = versions.items.find((v: Json) => v.version === b);
    expect(summary).toMatchObject({
      reason: '路灯夜间巡查移交公安',
      activationReason: '区政府第12号通知：路灯夜间巡查移交公安',
      caseCount: 2,
    });
    expect(versions.items.find((v: Json) => v.version === original).active).toBe(false);
    expect(versions.departmentKinds).toContainEqual({
      code: 'police',
      nameZh: '公安',
      nameEn: 'Public security',
    });

    // Listed for a district: the cases counted are that district's (both are in 天河区 440106).
    const here = await f.json('GET', '/api/v1/responsibilities/versions?district=440106', t.street);
    expect(here.items.find((v: Json) => v.version === b).caseCount).toBe(2);
    const there = await f.json('GET', '/api/v1/responsibilities/versions?district=440104', t.street);
    expect(there.items.find((v: Json) => v.version === b).caseCount).toBe(0);
    expect(there.items).toHaveLength(versions.items.length);
    expect((await f.request('GET', '/api/v1/responsibilities/versions?district=44', t.street)).status).toBe(
      400,
    );

    // The version's activations: who, why, and which version it replaced.
    const detail = await f.json('GET', `/api/v1/responsibilities/versions/${b}`, t.street);
    expect(detail.activations).toEqual([
      expect.objectContaining({
        reason: '区政府第12号通知：路灯夜间巡查移交公安',
        previousVersion: original,
        activatedBy: expect.any(String),
      }),
    ]);
    // The gateway's audit chain holds the activation request (who, when, which version).
    const audit = await f.json('GET', '/api/v1/audit?action=responsibility.activate&limit=500', t.city);
    const activations = audit.items.filter((e: Json) => e.resourceIds.version === String(b));
    expect(activations.map((e: Json) => e.status).sort()).toEqual([200, 400, 409]);
  });

  it('answers 400 naming the field for a bad line, and 404 for a version that does not exist', async () => {
    const bad = await f.request('POST', '/api/v1/responsibilities/versions', t.city, {
      entries: [{ category: 'no_such', level: 'street', departmentKind: 'police', deadlineWorkingHours: 8 }],
      reason: '错误',
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as Json;
    expect(JSON.stringify(problem.errors)).toMatch(/entries.*0.*category/);
    const repeated = await f.request('POST', '/api/v1/responsibilities/versions', t.city, {
      entries: [
        { category: 'noise', level: 'street', departmentKind: 'environment', deadlineWorkingHours: 8 },
        { category: 'noise', level: 'street', departmentKind: 'police', deadlineWorkingHours: 8 },
      ],
      reason: '重复',
    });
    expect(repeated.status).toBe(400);
    expect(((await repeated.json()) as Json).errors).toEqual([
      expect.objectContaining({ field: 'entries[1]' }),
    ]);
    expect((await f.request('GET', '/api/v1/responsibilities/versions/99999', t.street)).status).toBe(404);
    expect((await f.request('GET', '/api/v1/responsibilities/diff?from=1&to=99999', t.street)).status).toBe(
      404,
    );
    expect((await f.request('GET', `/api/v1/responsibilities/versions`, t.office)).status).toBe(403);
  });
});
