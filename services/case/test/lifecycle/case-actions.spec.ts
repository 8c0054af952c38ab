import type { Identity } from '@yiwang/platform';
import { domainError } from '@yiwang/testing';
import { CaseIntakeService } from '../../src/intake/case-intake.service.js';
import type { RawActionParams } from '../../src/lifecycle/action-params.js';
import { CaseTransitionService } from '../../src/lifecycle/case-transition.service.js';
import { person, startCaseApp, type CaseFixture } from '../support/case-app.js';

const DISPATCH = ['case:read', 'case:register', 'case:dispatch', 'case:approve', 'case:close'];
const HANDLE = ['case:read', 'case:accept', 'case:return', 'case:resolve'];

/** Lifecycle actions as a service-level test: each writes the case, its timeline and its events together. */
describe('case lifecycle', () => {
  let f: CaseFixture;
  let dispatcher: Identity;
  let office: Identity;

  const report = async (title = '占道停车') => {
    const { record } = await f.test.as(dispatcher, () =>
      f.test.get(CaseIntakeService).create({
        title,
        description: '',
        category: 'illegal_parking',
        channel: 'street_patrol',
        unitCode: f.community,
      }),
    );
    return record.id;
  };
  const act = (who: Identity, caseId: string, action: string, params = {}, expectedVersion?: number) =>
    f.test.as(who, () =>
      f.test
        .get(CaseTransitionService)
        .perform({ caseId, action, expectedVersion, params: params as RawActionParams }),
    );
  const stored = async (id: string) =>
    (
      await f.test.dataSource.query(
        `SELECT state, version, seq, department_code, routing_version, close_reason, merged_into
         FROM cases WHERE id = $1`,
        [id],
      )
    )[0];
  const timeline = (id: string) =>
    f.test.dataSource.query(
      `SELECT seq, action, event, from_state, to_state FROM case_transitions WHERE case_id = $1 ORDER BY seq`,
      [id],
    );
  const events = async (id: string) =>
    (await f.test.outbox())
      .filter((e) => e.payload.caseId === id)
      .map((e) => [e.subject, e.payload.seq ?? null, e.payload.state ?? null]);

  beforeAll(async () => {
    f = await startCaseApp();
    dispatcher = person(f.street, DISPATCH);
    office = person(f.street, HANDLE, { department: f.streetOffice, role: 'department_handler' });
  });
  afterAll(() => f?.close());

  it('registers, dispatches to the department routing finds in the registry, and the office accepts', async () => {
    const id = await report();
    await act(dispatcher, id, 'register');
    const listed = f.registry.calls.filter((c) => c.method === 'listDepartments').length;
    await act(dispatcher, id, 'dispatch', {}, 2);
    // Routing asks the registry for the unit's departments (once by the 权责清单 kind, again by category
    // when the list's kind is not found there): at least once, never from memory.
    expect(f.registry.calls.filter((c) => c.method === 'listDepartments').length).toBeGreaterThan(listed);
    await act(office, id, 'accept');
    expect(await stored(id)).toEqual({
      state: 'accepted',
      version: 4,
      seq: 4,
      department_code: f.streetOffice,
      routing_version: `${f.streetOffice}@1`,
      close_reason: null,
      merged_into: null,
    });
    expect(await timeline(id)).toEqual([
      { seq: 1, action: 'report', event: 'created', from_state: null, to_state: 'reported' },
      { seq: 2, action: 'register', event: 'registered', from_state: 'reported', to_state: 'registered' },
      { seq: 3, action: 'dispatch', event: 'dispatched', from_state: 'registered', to_state: 'dispatched' },
      { seq: 4, action: 'accept', event: 'accepted', from_state: 'dispatched', to_state: 'accepted' },
    ]);
    expect(await events(id)).toEqual([
      ['case.v1.created', null, null],
      ['case.v1.registered', 2, 'registered'],
      ['case.v1.dispatched', 3, 'dispatched'],
      ['case.v1.accepted', 4, 'accepted'],
    ]);
  });

  it('refuses a stale version, an action the state does not allow, and anyone but the handling department', async () => {
    const id = await report();
    const stale = await domainError(act(dispatcher, id, 'register', {}, 7));
    expect([stale.kind, stale.code]).toEqual(['precondition_failed', 'case.version_mismatch']);
    const early = await domainError(act(dispatcher, id, 'accept'));
    expect([early.kind, early.code]).toEqual(['conflict', 'case.action_not_allowed']);
    expect(early.details.map((d) => d.message)).toEqual(['register', 'close', 'merge']);
    await act(dispatcher, id, 'register');
    await act(dispatcher, id, 'dispatch', { departmentCode: f.streetOffice });
    // Another department does not even see the case (404, existence not disclosed); the street's own
    // staff see it but are not its handler.
    const otherOffice = person(f.street, HANDLE, { department: `${f.street}-other` });
    const hidden = await domainError(act(otherOffice, id, 'accept'));
    expect([hidden.kind, hidden.code]).toEqual(['not_found', 'case.not_found']);
    const streetStaff = person(f.street, HANDLE);
    const error = await domainError(act(streetStaff, id, 'accept'));
    expect([error.kind, error.code]).toEqual(['forbidden', 'case.not_handler']);
    expect(await stored(id)).toMatchObject({ state: 'dispatched', version: 3 });
    expect((await events(id)).map(([subject]) => subject)).toEqual([
      'case.v1.created',
      'case.v1.registered',
      'case.v1.dispatched',
    ]);
  });

  it('merges a duplicate into another case: closed as duplicate, pointing at it, with two events', async () => {
    const duplicate = await report('东门占道停车');
    const survivor = await report('东门口车辆乱停');
    await act(dispatcher, survivor, 'register');
    const merged = await act(dispatcher, duplicate, 'merge', { intoCaseId: survivor, reason: '同一事项' });
    expect(merged.state).toBe('closed');
    expect(await stored(duplicate)).toEqual({
      state: 'closed',
      version: 2,
      seq: 3,
      department_code: null,
      routing_version: null,
      close_reason: 'duplicate',
      merged_into: survivor,
    });
    expect(await timeline(duplicate)).toEqual([
      { seq: 1, action: 'report', event: 'created', from_state: null, to_state: 'reported' },
      { seq: 2, action: 'merge', event: 'closed', from_state: 'reported', to_state: 'closed' },
      { seq: 3, action: 'merge', event: 'merged', from_state: 'closed', to_state: 'closed' },
    ]);
    expect(await events(duplicate)).toEqual([
      ['case.v1.created', null, null],
      ['case.v1.closed', 2, 'closed'],
      ['case.v1.merged', 3, 'closed'],
    ]);
    expect(await stored(survivor)).toMatchObject({ state: 'registered', version: 2, merged_into: null });
  });

  it('refuses merging a case into itself or into a closed case', async () => {
    const a = await report();
    const closed = await report();
    await act(dispatcher, closed, 'close', { closeReason: 'invalid', reason: '重复录入' });
    const self = await domainError(act(dispatcher, a, 'merge', { intoCaseId: a }));
    expect([self.code, self.details]).toEqual([
      'case.invalid_action',
      [{ field: 'intoCaseId', message: 'must be another case' }],
    ]);
    const intoClosed = await domainError(act(dispatcher, a, 'merge', { intoCaseId: closed }));
    expect([intoClosed.kind, intoClosed.code]).toEqual(['conflict', 'case.merge_target_closed']);
    expect(await stored(a)).toMatchObject({ state: 'reported', version: 1, merged_into: null });
  });
});
