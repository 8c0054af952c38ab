/**
 * The case lifecycle actions (docs/case-lifecycle.md): one list for the case service's state machine and the
 * gateway's validation of `POST /api/v1/cases/{id}/actions`.
 */
export const CASE_ACTIONS = [
  'register',
  'dispatch',
  'accept',
  'return',
  'arbitrate-return',
  'start',
  'resolve',
  'rate',
  'close',
  'request-suspension',
  'approve-suspension',
  'reject',
  'resume',
  'request-extension',
  'approve-extension',
  'escalate',
  'summon',
  'complete-subtask',
  'supervise',
  'merge',
  'request-unreasonable',
  'approve-unreasonable',
  'appeal',
] as const;

export type CaseActionName = (typeof CASE_ACTIONS)[number];
