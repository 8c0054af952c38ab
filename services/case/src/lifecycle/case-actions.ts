import { merge } from './actions/merge-action.js';
import { completeSubtask, summon } from '../joint/joint-actions.js';
import type { ActionParams } from './action-params.js';
import type { ActionDeps } from './actions/action-deps.js';
import {
  accept,
  arbitrateReturn,
  dispatch,
  escalate,
  register,
  returnCase,
  start,
} from './actions/dispatch-actions.js';
import {
  appeal,
  approveExtension,
  approveSuspension,
  approveUnreasonable,
  reject,
  requestExtension,
  requestSuspension,
  requestUnreasonable,
  resume,
  supervise,
} from './actions/request-actions.js';
import { close, rate, resolve } from './actions/resolution-actions.js';
import type { CaseAction } from './case-state-machine.js';
import type { TransitionStep } from './transition-step.js';

type Handler<A extends CaseAction> = (
  step: TransitionStep,
  params: ActionParams<A>,
  deps: ActionDeps,
) => Promise<void>;

/** Each action's implementation; the state machine table decides whether it may run at all. */
export const CASE_ACTION_HANDLERS: { [A in CaseAction]: Handler<A> } = {
  register,
  dispatch,
  accept,
  return: returnCase,
  'arbitrate-return': arbitrateReturn,
  start,
  resolve,
  rate,
  close,
  'request-suspension': requestSuspension,
  'approve-suspension': approveSuspension,
  reject,
  resume,
  'request-extension': requestExtension,
  'approve-extension': approveExtension,
  escalate,
  summon,
  'complete-subtask': completeSubtask,
  supervise,
  merge,
  'request-unreasonable': requestUnreasonable,
  'approve-unreasonable': approveUnreasonable,
  appeal,
};
