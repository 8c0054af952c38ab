import { domainError } from '@yiwang/testing';
import { CaseIntakeService, type CreateCaseInput } from '../../src/intake/case-intake.service.js';
import { person, startCaseApp, type CaseFixture } from '../support/case-app.js';

const REPORT = ['case:read', 'case:report'];

/** Intake as a service-level test: real PostgreSQL, the registry an in-process gRPC peer. */
describe('case intake', () => {
  let f: CaseFixture;
  let intake: CaseIntakeService;
  const report = (overrides: Partial<CreateCaseInput> = {}): CreateCaseInput => ({
    title: '路灯不亮',
    description: '小区东门路灯连续三晚不亮',
    category: 'street_light',
    channel: 'grid_worker',
    unitCode: f.community,
    ...overrides,
  });
  const row = async (id: string) =>
    (
      await f.test.dataSource.query(
        `SELECT state, unit_code, unit_path, tier, priority, reported_by, idempotency_key, version, seq
         FROM cases WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    f = await startCaseApp();
    intake = f.test.get(CaseIntakeService);
  });
  afterAll(() => f?.close());

  it('stores the case, its first timeline row and one case.v1.created event', async () => {
    const worker = person(f.community, REPORT, { role: 'grid_worker' });
    const { record, replayed } = await f.test.as(worker, () => intake.create(report({ priority: 'urgent' })));
    expect(replayed).toBe(false);
    expect(await row(record.id)).toEqual({
      state: 'reported',
      unit_code: f.community,
      unit_path: ['99', f.district.slice(0, 4), f.district, f.street, f.community],
      tier: 'community',
      priority: 'urgent',
      reported_by: worker.subject,
      idempotency_key: null,
      version: 1,
      seq: 1,
    });
    const timeline = await f.test.dataSource.query(
      `SELECT seq, action, event, from_state, to_state, actor_subject, actor_unit_code, details
       FROM case_transitions WHERE case_id = $1`,
      [record.id],
    );
    expect(timeline).toEqual([
      {
        seq: 1,
        action: 'report',
        event: 'created',
        from_state: null,
        to_state: 'reported',
        actor_subject: worker.subject,
        actor_unit_code: f.community,
        details: { channel: 'grid_worker', tier: 'community' },
      },
    ]);
    const events = (await f.test.outbox()).filter((e) => e.payload.caseId === record.id);
    expect(events.map((e) => [e.subject, e.payload])).toEqual([
      [
        'case.v1.created',
        {
          caseId: record.id,
          category: 'street_light',
          channel: 'grid_worker',
          unitCode: f.community,
          unitPath: ['99', f.district.slice(0, 4), f.district, f.street, f.community],
          createdAt: record.createdAt.toISOString(),
        },
      ],
    ]);
  });

  it('refuses a bad report naming every field, and writes nothing', async () => {
    const worker = person(f.community, REPORT);
    const before = (await f.test.outbox()).length;
    const error = await domainError(
      f.test.as(worker, () =>
        intake.create(
          report({ title: '  ', category: 'Street Light', channel: 'fax', unitCode: '', priority: 'now' }),
        ),
      ),
    );
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe('case.invalid_input');
    expect(error.details.map((d) => d.field)).toEqual([
      'title',
      'category',
      'channel',
      'unitCode',
      'priority',
    ]);
    const [{ n }] = await f.test.dataSource.query(
      `SELECT count(*)::int AS n FROM cases WHERE reported_by = $1`,
      [worker.subject],
    );
    expect(n).toBe(0);
    expect((await f.test.outbox()).length).toBe(before);
  });

  it('routes a located report to the grid the registry resolves, asking as the case service', async () => {
    const worker = person(f.street, REPORT);
    const calls = f.registry.calls.length;
    const { record } = await f.test.as(worker, () =>
      intake.create(report({ unitCode: undefined, location: f.inside })),
    );
    expect(await row(record.id)).toMatchObject({
      unit_code: f.grid,
      unit_path: ['99', f.district.slice(0, 4), f.district, f.street, f.community, f.grid],
      tier: 'grid',
    });
    const call = f.registry.calls[calls];
    expect(call).toMatchObject({ method: 'resolveLocation', request: f.inside });
    expect(call.identity).toMatchObject({ kind: 'service', subject: 'service:case' });
  });

  it('keeps the unit named when the point lies outside every grid or outside that unit; without a unit the location is refused', async () => {
    const worker = person(f.street, REPORT);
    const { record } = await f.test.as(worker, () => intake.create(report({ location: f.outside })));
    expect(await row(record.id)).toMatchObject({ unit_code: f.community, tier: 'community' });
    // A point in a grid of another unit than the one named does not move the case there.
    const neighbour = `${f.street}002`;
    const named = await f.test.as(worker, () =>
      intake.create(report({ unitCode: neighbour, location: f.inside })),
    );
    expect(await row(named.record.id)).toMatchObject({ unit_code: neighbour, tier: 'community' });
    const error = await domainError(
      f.test.as(worker, () => intake.create(report({ unitCode: undefined, location: f.outside }))),
    );
    expect([error.code, error.details]).toEqual([
      'case.invalid_input',
      [{ field: 'location', message: 'lies in no grid of the registry: give unitCode' }],
    ]);
  });

  it('falls back to the unit named while the registry fails, and fails without one', async () => {
    const worker = person(f.street, REPORT);
    const location = f.registry.answer('yiwang.grid.v1.LocationService', 'resolveLocation', () => {
      throw new Error('index not loaded');
    });
    try {
      const { record } = await f.test.as(worker, () => intake.create(report({ location: f.inside })));
      expect(await row(record.id)).toMatchObject({ unit_code: f.community });
      const error = await domainError(
        f.test.as(worker, () => intake.create(report({ unitCode: undefined, location: f.inside }))),
      );
      expect(error.kind).toBe('internal');
    } finally {
      f.registry.answer('yiwang.grid.v1.LocationService', 'resolveLocation', location!);
    }
  });

  it("refuses a unit outside the reporter's own", async () => {
    const elsewhere = person(`${f.district}999`, REPORT);
    const error = await domainError(f.test.as(elsewhere, () => intake.create(report())));
    expect([error.kind, error.code]).toEqual(['forbidden', 'case.outside_scope']);
  });

  it('replays a repeated idempotency key: one case, one event; another reporter gets their own', async () => {
    const worker = person(f.community, REPORT);
    const first = await f.test.as(worker, () => intake.create(report({ idempotencyKey: 'k-1' })));
    const again = await f.test.as(worker, () =>
      intake.create(report({ idempotencyKey: 'k-1', title: '换了标题' })),
    );
    expect([again.replayed, again.record.id, again.record.title]).toEqual([
      true,
      first.record.id,
      '路灯不亮',
    ]);
    const other = person(f.community, REPORT);
    const theirs = await f.test.as(other, () => intake.create(report({ idempotencyKey: 'k-1' })));
    expect(theirs.replayed).toBe(false);
    expect(theirs.record.id).not.toBe(first.record.id);
    const created = (await f.test.outbox('case.v1.created')).filter((e) =>
      [first.record.id, theirs.record.id].includes(e.payload.caseId as string),
    );
    expect(created.map((e) => e.payload.caseId)).toEqual([first.record.id, theirs.record.id]);
  });
});
