import { CASE_ACTION_PERMISSIONS, CASE_STATES, ROLE_PERMISSIONS } from '@yiwang/contracts';
import type { CaseEntity } from '../src/intake/case.entity.js';
import {
  CASE_ACTIONS,
  CASE_STATE_MACHINE,
  allowedActions,
  nextTier,
  tierOfPath,
  tierUnit,
} from '../src/lifecycle/case-state-machine.js';

const aCase = (overrides: Partial<CaseEntity> = {}): CaseEntity =>
  ({
    state: 'reported',
    tier: 'grid',
    departmentCode: null,
    pendingRequest: null,
    unreasonable: false,
    unitPath: ['44', '4401', '440106', '440106001', '440106001002', '440106001002-G01'],
    ...overrides,
  }) as CaseEntity;

describe('the case state machine table', () => {
  it('names only contract states, and every action has a row', () => {
    expect(Object.keys(CASE_STATE_MACHINE).sort()).toEqual([...CASE_ACTIONS].sort());
    for (const rule of Object.values(CASE_STATE_MACHINE)) {
      for (const state of rule.from) expect(CASE_STATES).toContain(state);
      if (!['same', 'computed'].includes(rule.to)) expect(CASE_STATES).toContain(rule.to);
      expect(rule.permission).toMatch(/^case:[a-z-]+$/);
    }
  });

  it('takes each action’s permission from the contracts map the gateway and the web app use', () => {
    for (const action of CASE_ACTIONS)
      expect([action, CASE_STATE_MACHINE[action].permission]).toEqual([
        action,
        CASE_ACTION_PERMISSIONS[action],
      ]);
    // And somebody can take every action: no permission in the map is granted to no role.
    const granted = new Set(Object.values(ROLE_PERMISSIONS).flat());
    for (const action of CASE_ACTIONS)
      expect([action, granted.has(CASE_ACTION_PERMISSIONS[action])]).toEqual([action, true]);
  });

  it('allows what each state allows, and nothing once closed (but an appeal of an unreasonable ruling)', () => {
    expect(allowedActions(aCase())).toEqual(['register', 'close', 'merge']);
    expect(allowedActions(aCase({ state: 'registered' }))).toEqual(
      expect.arrayContaining(['dispatch', 'start', 'escalate', 'close', 'merge']),
    );
    // Summoning belongs to a street or the district; a grid-tier case is not summoned.
    expect(allowedActions(aCase({ state: 'registered' }))).not.toContain('summon');
    expect(allowedActions(aCase({ state: 'registered', tier: 'street' }))).toContain('summon');
    expect(allowedActions(aCase({ state: 'registered', tier: 'district' }))).not.toContain('escalate');
    expect(allowedActions(aCase({ state: 'registered', tier: 'district' }))).not.toContain('start');
    expect(allowedActions(aCase({ state: 'closed' }))).toEqual([]);
    expect(allowedActions(aCase({ state: 'closed', unreasonable: true }))).toEqual(['appeal']);
    expect(allowedActions(aCase({ state: 'resolved' }))).toEqual(['rate', 'supervise']);
  });

  it('gates approvals on a waiting request of the same kind', () => {
    const pending = (kind: 'suspension' | 'extension' | 'unreasonable') =>
      aCase({
        state: 'in_progress',
        departmentCode: 'd',
        pendingRequest: { kind, reason: 'r', requestedBy: 's', requestedAt: '' },
      });
    expect(allowedActions(pending('suspension'))).toEqual(
      expect.arrayContaining(['approve-suspension', 'reject']),
    );
    expect(allowedActions(pending('suspension'))).not.toContain('approve-extension');
    expect(allowedActions(pending('suspension'))).not.toContain('resolve');
    expect(allowedActions(pending('extension'))).toContain('approve-extension');
    expect(allowedActions(aCase({ state: 'in_progress' }))).not.toContain('reject');
  });

  it('climbs grid → community → street → district and knows each tier unit', () => {
    expect(['grid', 'community', 'street', 'district'].map((t) => nextTier(t as CaseEntity['tier']))).toEqual(
      ['community', 'street', 'district', null],
    );
    const path = aCase().unitPath;
    expect(tierOfPath(path)).toBe('grid');
    expect(tierOfPath(path.slice(0, 5))).toBe('community');
    expect(tierOfPath(path.slice(0, 4))).toBe('street');
    expect(tierUnit(path, 'street')).toBe('440106001');
    expect(tierUnit(path.slice(0, 4), 'grid')).toBe('440106001');
  });
});
