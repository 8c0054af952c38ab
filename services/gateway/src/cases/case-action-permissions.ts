import type { CASE_ACTION_NAMES } from './case-actions.dto.js';

/** The permission each action needs at the gateway; the case service checks it again with its guards. */
export const CASE_ACTION_PERMISSIONS: Record<(typeof CASE_ACTION_NAMES)[number], string> = {
  register: 'case:register',
  dispatch: 'case:dispatch',
  accept: 'case:accept',
  return: 'case:return',
  'arbitrate-return': 'case:dispatch',
  start: 'case:accept',
  resolve: 'case:resolve',
  rate: 'case:rate',
  close: 'case:close',
  'request-suspension': 'case:accept',
  'approve-suspension': 'case:approve',
  reject: 'case:approve',
  resume: 'case:approve',
  'request-extension': 'case:accept',
  'approve-extension': 'case:approve',
  escalate: 'case:escalate',
  summon: 'case:dispatch',
  'complete-subtask': 'case:resolve',
  supervise: 'case:supervise',
  merge: 'case:register',
  'request-unreasonable': 'case:accept',
  'approve-unreasonable': 'case:approve',
  appeal: 'case:register',
};
