/**
 * Case actions (POST /api/v1/cases/{id}/actions with {"action": …}) and the permission each needs. The case
 * service decides what a case's state allows; when its answer carries `allowedActions` the desk shows only
 * those, otherwise every action the user's role grants.
 */
export const CASE_ACTIONS = [
  { action: 'register', anyOf: ['case:register'] },
  { action: 'dispatch', anyOf: ['case:dispatch'], department: 'one' },
  { action: 'return', anyOf: ['case:dispatch', 'case:return'], note: true },
  { action: 'escalate', anyOf: ['case:dispatch'], note: true },
  { action: 'summon', anyOf: ['case:dispatch'], department: 'many', note: true },
  { action: 'supervise', anyOf: ['case:supervise'], note: true },
  { action: 'extend', anyOf: ['case:dispatch', 'case:supervise'], days: true, note: true },
  { action: 'close', anyOf: ['case:register', 'case:dispatch'] },
  { action: 'rate', anyOf: ['case:register'], rating: true },
] as const satisfies readonly {
  action: string;
  anyOf: readonly string[];
  department?: 'one' | 'many';
  note?: boolean;
  days?: boolean;
  rating?: boolean;
}[];

export type CaseAction = (typeof CASE_ACTIONS)[number];
export type ActionName = CaseAction['action'];

export function actionsFor(can: (permission: string) => boolean, allowed?: string[]): CaseAction[] {
  return CASE_ACTIONS.filter((a) => a.anyOf.some((p) => can(p)) && (!allowed || allowed.includes(a.action)));
}

export interface ActionInput {
  department?: string;
  departments?: string[];
  note?: string;
  days?: number;
  rating?: string;
}

/** The request body for an action: only the fields that action takes. */
export function actionBody(action: CaseAction, input: ActionInput): Record<string, unknown> {
  const body: Record<string, unknown> = { action: action.action };
  if ('department' in action && action.department === 'one') body.department = input.department;
  if ('department' in action && action.department === 'many') body.departments = input.departments;
  if ('note' in action && input.note?.trim()) body.note = input.note.trim();
  if ('days' in action) body.days = input.days;
  if ('rating' in action) body.rating = input.rating;
  return body;
}
