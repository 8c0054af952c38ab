import { CASE_ACTION_PERMISSIONS, type CaseActionName, type Permission } from '@yiwang/contracts/access';

/**
 * Case lifecycle actions (POST /api/v1/cases/{id}/actions with {"action": …}) in the order the desk offers
 * them, the fields each asks for, and the permission each needs (from libs/contracts, as the gateway and the
 * case service check it). The desk offers the actions the case's state allows (`allowedActions` from the case
 * service) that the user's roles grant.
 */
export type ActionField =
  | 'department'
  | 'coHandlers'
  | 'reason'
  | 'reasonOptional'
  | 'decision'
  | 'result'
  | 'rating'
  | 'closeReason'
  | 'hours'
  | 'targetUnit'
  | 'intoCaseId';

export interface CaseAction {
  action: CaseActionName;
  permission: Permission;
  fields: readonly ActionField[];
}

const DESK: readonly (readonly [CaseActionName, readonly ActionField[]])[] = [
  ['register', ['reasonOptional']],
  ['dispatch', ['department', 'reasonOptional']],
  ['accept', []],
  ['start', []],
  ['return', ['reason']],
  ['arbitrate-return', ['decision', 'reasonOptional']],
  ['escalate', ['targetUnit', 'reason']],
  ['summon', ['coHandlers', 'reasonOptional']],
  ['supervise', ['reason']],
  ['request-extension', ['hours', 'reason']],
  ['approve-extension', ['reasonOptional']],
  ['request-suspension', ['reason']],
  ['approve-suspension', ['reasonOptional']],
  ['reject', ['reason']],
  ['resume', ['reasonOptional']],
  ['resolve', ['result']],
  ['rate', ['rating', 'reasonOptional']],
  ['close', ['closeReason', 'reasonOptional']],
  ['merge', ['intoCaseId', 'reasonOptional']],
  ['request-unreasonable', ['reason']],
  ['approve-unreasonable', ['reasonOptional']],
  ['appeal', ['reason']],
];

export const CASE_ACTIONS: readonly CaseAction[] = DESK.map(([action, fields]) => ({
  action,
  permission: CASE_ACTION_PERMISSIONS[action],
  fields,
}));

export const DISPATCH = CASE_ACTIONS.find((a) => a.action === 'dispatch')!;

/** The actions to offer: allowed by the case's state (when known) and granted to the user. */
export function actionsFor(
  can: (permission: Permission) => boolean,
  allowed?: readonly string[],
): CaseAction[] {
  return CASE_ACTIONS.filter((a) => can(a.permission) && (!allowed || allowed.includes(a.action)));
}

export interface ActionInput {
  department?: string;
  departments?: string[];
  task?: string;
  reason?: string;
  decision?: string;
  result?: string;
  rating?: string;
  closeReason?: string;
  hours?: number;
  targetUnit?: string;
  intoCaseId?: string;
}

/** Working hours a summoned department gets for its part, unless the case service says otherwise. */
export const SUMMON_DEADLINE_HOURS = 24;

/** The request body for an action: only the fields that action takes, trimmed. */
export function actionBody(action: CaseAction, input: ActionInput): Record<string, unknown> {
  const body: Record<string, unknown> = { action: action.action };
  const text = (value?: string) => value?.trim() || undefined;
  for (const field of action.fields) {
    if (field === 'department') body.departmentCode = input.department;
    if (field === 'coHandlers')
      body.coHandlers = (input.departments ?? []).map((departmentCode) => ({
        departmentCode,
        task: text(input.task),
        deadlineWorkingHours: SUMMON_DEADLINE_HOURS,
      }));
    if (field === 'reason' || field === 'reasonOptional') body.reason = text(input.reason);
    if (field === 'decision') body.decision = input.decision;
    if (field === 'result') body.result = text(input.result);
    if (field === 'rating') body.rating = input.rating;
    if (field === 'closeReason') body.closeReason = input.closeReason;
    if (field === 'hours') body.extendWorkingHours = input.hours;
    if (field === 'targetUnit') body.targetUnit = text(input.targetUnit);
    if (field === 'intoCaseId') body.intoCaseId = text(input.intoCaseId);
  }
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}
