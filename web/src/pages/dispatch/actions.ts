/**
 * Case lifecycle actions (POST /api/v1/cases/{id}/actions with {"action": …}), the permission each needs
 * (as services/gateway/src/cases/case-action-permissions.ts) and the fields each asks for. The desk offers
 * the actions the case's state allows (`allowedActions` from the case service) that the user's roles grant.
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
  action: string;
  permission: string;
  fields: readonly ActionField[];
}

export const CASE_ACTIONS: readonly CaseAction[] = [
  { action: 'register', permission: 'case:register', fields: ['reasonOptional'] },
  { action: 'dispatch', permission: 'case:dispatch', fields: ['department', 'reasonOptional'] },
  { action: 'accept', permission: 'case:accept', fields: [] },
  { action: 'start', permission: 'case:accept', fields: [] },
  { action: 'return', permission: 'case:return', fields: ['reason'] },
  { action: 'arbitrate-return', permission: 'case:dispatch', fields: ['decision', 'reasonOptional'] },
  { action: 'escalate', permission: 'case:escalate', fields: ['targetUnit', 'reason'] },
  { action: 'summon', permission: 'case:dispatch', fields: ['coHandlers', 'reasonOptional'] },
  { action: 'supervise', permission: 'case:supervise', fields: ['reason'] },
  { action: 'request-extension', permission: 'case:accept', fields: ['hours', 'reason'] },
  { action: 'approve-extension', permission: 'case:approve', fields: ['reasonOptional'] },
  { action: 'request-suspension', permission: 'case:accept', fields: ['reason'] },
  { action: 'approve-suspension', permission: 'case:approve', fields: ['reasonOptional'] },
  { action: 'reject', permission: 'case:approve', fields: ['reason'] },
  { action: 'resume', permission: 'case:approve', fields: ['reasonOptional'] },
  { action: 'resolve', permission: 'case:resolve', fields: ['result'] },
  { action: 'rate', permission: 'case:rate', fields: ['rating', 'reasonOptional'] },
  { action: 'close', permission: 'case:close', fields: ['closeReason', 'reasonOptional'] },
  { action: 'merge', permission: 'case:register', fields: ['intoCaseId', 'reasonOptional'] },
  { action: 'request-unreasonable', permission: 'case:accept', fields: ['reason'] },
  { action: 'approve-unreasonable', permission: 'case:approve', fields: ['reasonOptional'] },
  { action: 'appeal', permission: 'case:register', fields: ['reason'] },
];

export const DISPATCH = CASE_ACTIONS.find((a) => a.action === 'dispatch')!;

/** The actions to offer: allowed by the case's state (when known) and granted to the user. */
export function actionsFor(can: (permission: string) => boolean, allowed?: readonly string[]): CaseAction[] {
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
