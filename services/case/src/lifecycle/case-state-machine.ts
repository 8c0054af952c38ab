import { CASE_ACTION_PERMISSIONS, CASE_ACTIONS, type CaseState, type Permission } from '@yiwang/contracts';
import type { CaseEntity } from '../intake/case.entity.js';

/** Every lifecycle action the API accepts (POST /api/v1/cases/{id}/actions {"action": …}). */
export { CASE_ACTIONS };

export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * Who may take an action: the permission (checked at the gateway and again here) and whether the actor
 * must be the party handling the case (its department, or the tier unit when the grid handles it itself).
 */
export interface ActionRule {
  from: readonly CaseState[];
  /** The state after the action; 'same' for steps that leave the state alone (requests, notices). */
  to: CaseState | 'same' | 'computed';
  permission: Permission;
  /** The actor must be the handling department (or the tier unit when no department holds the case). */
  handler?: boolean;
  /** The actor's scope must cover the unit of the tier holding the case (dispatchers, approvers). */
  tierUnit?: boolean;
  /** A further condition on the case, e.g. a request waiting for approval. */
  when?: (record: CaseEntity) => boolean;
}

const OPEN_WORK: readonly CaseState[] = ['dispatched', 'accepted', 'in_progress'];
const pending = (kind: string) => (record: CaseEntity) => record.pendingRequest?.kind === kind;
const noPending = (record: CaseEntity) => record.pendingRequest === null;

/** The state machine: state × action → next state, with its guards. One row per action. */
const TRANSITIONS: Record<CaseAction, Omit<ActionRule, 'permission'>> = {
  register: { from: ['reported'], to: 'registered', tierUnit: true },
  dispatch: { from: ['registered'], to: 'dispatched', tierUnit: true },
  accept: { from: ['dispatched'], to: 'accepted', handler: true },
  return: { from: ['dispatched', 'accepted'], to: 'returned', handler: true },
  'arbitrate-return': { from: ['returned'], to: 'dispatched', tierUnit: true },
  start: {
    from: ['accepted', 'registered'],
    to: 'in_progress',
    handler: true,
    // From registered only when the grid or community handles it itself (小事不出网格).
    when: (record) =>
      record.state === 'accepted' || (record.departmentCode === null && record.tier !== 'district'),
  },
  resolve: {
    from: ['in_progress'],
    to: 'resolved',
    handler: true,
    when: noPending,
  },
  rate: { from: ['resolved'], to: 'computed' },
  close: {
    from: ['rated', 'reported', 'registered', 'returned'],
    to: 'closed',
    tierUnit: true,
  },
  'request-suspension': {
    from: ['accepted', 'in_progress'],
    to: 'same',
    handler: true,
    when: noPending,
  },
  'approve-suspension': {
    from: ['accepted', 'in_progress'],
    to: 'suspended',
    tierUnit: true,
    when: pending('suspension'),
  },
  reject: {
    from: ['accepted', 'in_progress', 'returned'],
    to: 'same',
    tierUnit: true,
    when: (record) => record.pendingRequest !== null,
  },
  resume: { from: ['suspended'], to: 'computed', tierUnit: true },
  'request-extension': {
    from: OPEN_WORK,
    to: 'same',
    handler: true,
    when: noPending,
  },
  'approve-extension': {
    from: OPEN_WORK,
    to: 'same',
    tierUnit: true,
    when: pending('extension'),
  },
  escalate: {
    from: ['registered', 'dispatched', 'accepted', 'returned', 'in_progress'],
    to: 'registered',
    tierUnit: true,
    when: (record) => record.tier !== 'district',
  },
  summon: {
    from: ['registered', 'dispatched', 'accepted', 'in_progress'],
    to: 'dispatched',
    tierUnit: true,
    when: (record) => record.tier === 'street' || record.tier === 'district',
  },
  'complete-subtask': { from: OPEN_WORK, to: 'same' },
  supervise: {
    from: ['registered', 'dispatched', 'accepted', 'returned', 'in_progress', 'suspended', 'resolved'],
    to: 'same',
  },
  merge: { from: ['reported', 'registered'], to: 'closed', tierUnit: true },
  'request-unreasonable': {
    from: ['dispatched', 'accepted', 'in_progress'],
    to: 'same',
    handler: true,
    when: noPending,
  },
  'approve-unreasonable': {
    from: ['dispatched', 'accepted', 'in_progress'],
    to: 'closed',
    tierUnit: true,
    when: pending('unreasonable'),
  },
  appeal: {
    from: ['closed'],
    to: 'registered',
    tierUnit: true,
    when: (record) => record.unreasonable,
  },
};

/** The table with each action's permission, taken from the one map in libs/contracts (the gateway and web use it too). */
export const CASE_STATE_MACHINE = Object.fromEntries(
  CASE_ACTIONS.map((action) => [
    action,
    { ...TRANSITIONS[action], permission: CASE_ACTION_PERMISSIONS[action] },
  ]),
) as Record<CaseAction, ActionRule>;

/** The actions the lifecycle allows for the case as it stands (permissions aside). */
export function allowedActions(record: CaseEntity): CaseAction[] {
  return CASE_ACTIONS.filter((action) => {
    const rule = CASE_STATE_MACHINE[action];
    return rule.from.includes(record.state as CaseState) && (rule.when ? rule.when(record) : true);
  });
}

export function isCaseAction(value: string): value is CaseAction {
  return (CASE_ACTIONS as readonly string[]).includes(value);
}

/** 小事不出网格、大事不出社区: the tiers in order, and the unit holding each in a case's unit path. */
export const TIERS = ['grid', 'community', 'street', 'district'] as const;

export function nextTier(tier: CaseEntity['tier']): CaseEntity['tier'] | null {
  return TIERS[TIERS.indexOf(tier) + 1] ?? null;
}

/** The lowest tier a unit path reaches: a grid code → grid, a 12-digit community → community … */
export function tierOfPath(unitPath: readonly string[]): CaseEntity['tier'] {
  const leaf = unitPath[unitPath.length - 1] ?? '';
  if (leaf.includes('-')) return 'grid';
  if (leaf.length >= 12) return 'community';
  if (leaf.length >= 9) return 'street';
  return 'district';
}

/** The unit of a tier in a unit path [44, 4401, 440106, street, community, grid]. */
export function tierUnit(unitPath: readonly string[], tier: CaseEntity['tier']): string {
  const index = { district: 2, street: 3, community: 4, grid: 5 }[tier];
  return unitPath[Math.min(index, unitPath.length - 1)];
}
