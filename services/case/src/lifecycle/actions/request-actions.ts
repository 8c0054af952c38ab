import type { CaseState } from '@yiwang/contracts';
import type { ActionParams } from '../action-params.js';
import { tierUnit } from '../case-state-machine.js';
import type { TransitionStep } from '../transition-step.js';

const REQUEST_EVENTS = {
  suspension: 'suspensionRequested',
  extension: 'extensionRequested',
  unreasonable: 'unreasonableRequested',
} as const;

/** 挂起 / 延期 / 不合理诉求: the handler asks, the tier's dispatcher approves or rejects. */
async function requestApproval(
  step: TransitionStep,
  kind: 'suspension' | 'extension' | 'unreasonable',
  reason: string,
  extendWorkingHours?: number,
): Promise<void> {
  step.record.pendingRequest = {
    kind,
    reason,
    ...(extendWorkingHours ? { extendWorkingHours } : {}),
    requestedBy: step.actor.subject,
    requestedAt: new Date().toISOString(),
  };
  await step.append({
    action: `request-${kind}`,
    event: REQUEST_EVENTS[kind],
    reason,
    details: extendWorkingHours ? { request: kind, extendWorkingHours } : { request: kind },
  });
}

export const requestSuspension = (step: TransitionStep, p: ActionParams<'request-suspension'>) =>
  requestApproval(step, 'suspension', p.reason);

export const requestExtension = (step: TransitionStep, p: ActionParams<'request-extension'>) =>
  requestApproval(step, 'extension', p.reason, p.extendWorkingHours);

export const requestUnreasonable = (step: TransitionStep, p: ActionParams<'request-unreasonable'>) =>
  requestApproval(step, 'unreasonable', p.reason);

export async function approveSuspension(
  step: TransitionStep,
  params: ActionParams<'approve-suspension'>,
): Promise<void> {
  const record = step.record;
  const request = record.pendingRequest!;
  record.suspendedFrom = record.state;
  record.pendingRequest = null;
  await step.append({
    action: 'approve-suspension',
    event: 'suspended',
    to: 'suspended',
    reason: params.reason ?? request.reason,
    details: { requestedBy: request.requestedBy },
  });
}

export async function resume(step: TransitionStep, params: ActionParams<'resume'>): Promise<void> {
  const record = step.record;
  const to = (record.suspendedFrom ?? 'in_progress') as CaseState;
  record.suspendedFrom = null;
  await step.append({ action: 'resume', event: 'resumed', to, reason: params.reason ?? null });
}

export async function approveExtension(
  step: TransitionStep,
  params: ActionParams<'approve-extension'>,
): Promise<void> {
  const request = step.record.pendingRequest!;
  step.record.pendingRequest = null;
  await step.append({
    action: 'approve-extension',
    event: 'extended',
    reason: params.reason ?? request.reason,
    details: { extendWorkingHours: request.extendWorkingHours ?? 0, clock: 'completion' },
  });
}

/** A request turned down: the case carries on as it was. */
export async function reject(step: TransitionStep, params: ActionParams<'reject'>): Promise<void> {
  const request = step.record.pendingRequest!;
  step.record.pendingRequest = null;
  await step.append({
    action: 'reject',
    event: 'requestRejected',
    reason: params.reason ?? null,
    details: { request: request.kind, requestedBy: request.requestedBy },
  });
}

/** 不合理诉求 approved: closed, and left out of the assessment (until an appeal succeeds). */
export async function approveUnreasonable(
  step: TransitionStep,
  params: ActionParams<'approve-unreasonable'>,
): Promise<void> {
  const record = step.record;
  const request = record.pendingRequest!;
  record.pendingRequest = null;
  record.unreasonable = true;
  record.closeReason = 'invalid';
  record.overdueAt = null;
  await step.append({
    action: 'approve-unreasonable',
    event: 'closed',
    to: 'closed',
    reason: params.reason ?? request.reason,
    details: { closeReason: 'invalid', unreasonable: true },
  });
}

/** An appeal against an unreasonable ruling: the case is taken in again at its tier. */
export async function appeal(step: TransitionStep, params: ActionParams<'appeal'>): Promise<void> {
  const record = step.record;
  record.unreasonable = false;
  record.closeReason = null;
  record.departmentCode = null;
  await step.append({
    action: 'appeal',
    event: 'reopened',
    to: 'registered',
    reason: params.reason,
    details: { appeal: true, unreasonable: false, tier: record.tier },
  });
}

/** 督办 by hand: a notice to the handling department, or to the unit holding the case. */
export async function supervise(step: TransitionStep, params: ActionParams<'supervise'>): Promise<void> {
  const record = step.record;
  const targetUnit = params.targetUnit ?? record.departmentCode ?? tierUnit(record.unitPath, record.tier);
  await step.append({
    action: 'supervise',
    event: 'supervised',
    reason: params.reason,
    details: { card: 'notice', targetUnit },
  });
}
