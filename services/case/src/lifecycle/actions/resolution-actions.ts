import type { ActionParams } from '../action-params.js';
import { CaseLifecycleErrors } from '../case-lifecycle.errors.js';
import type { TransitionStep } from '../transition-step.js';
import { escalateOneTier, type ActionDeps } from './action-deps.js';

/** 办结 with the result and evidence; a joint case only when every co-handler's sub-task is done. */
export async function resolve(
  step: TransitionStep,
  params: ActionParams<'resolve'>,
  deps: ActionDeps,
): Promise<void> {
  const record = step.record;
  const subtasks = await deps.subtasks.ofCase(record.id, step.manager);
  const open = subtasks.filter((s) => s.state === 'open').length;
  if (open > 0) throw CaseLifecycleErrors.subtasksOpen(open);
  record.result = params.result;
  record.evidenceIds = params.evidenceIds;
  record.overdueAt = null;
  await step.append({
    action: 'resolve',
    event: 'resolved',
    to: 'resolved',
    reason: params.reason ?? null,
    details: {
      evidence: params.evidenceIds.length,
      ...(subtasks.length > 0 ? { subtasks: subtasks.length } : {}),
    },
  });
}

/**
 * 评议: satisfied or basically satisfied rates the case; dissatisfied reopens it to the same handler once,
 * and the second time escalates it one tier.
 */
export async function rate(step: TransitionStep, params: ActionParams<'rate'>): Promise<void> {
  const record = step.record;
  const comment = params.comment ?? params.reason ?? null;
  record.rating = params.rating;
  await step.append({
    action: 'rate',
    event: 'rated',
    to: 'rated',
    reason: comment,
    details: { rating: params.rating },
  });
  if (params.rating !== 'dissatisfied') return;
  if (record.reopenCount === 0 && record.departmentCode !== null) {
    record.reopenCount += 1;
    record.result = null;
    await step.append({
      action: 'reopen',
      event: 'reopened',
      to: 'in_progress',
      reason: comment,
      details: { reopenCount: record.reopenCount, cause: 'dissatisfied' },
    });
  } else if (record.tier !== 'district') {
    record.reopenCount += 1;
    record.result = null;
    await escalateOneTier(step, { automatic: true, reason: comment, cause: 'dissatisfied' });
  }
}

/** 结案: after rating, or early as invalid or a duplicate (with a reason). */
export async function close(step: TransitionStep, params: ActionParams<'close'>): Promise<void> {
  const record = step.record;
  const closeReason = record.state === 'rated' ? 'resolved' : (params.closeReason ?? 'invalid');
  if (record.state !== 'rated' && closeReason === 'resolved') {
    throw CaseLifecycleErrors.invalidAction([
      { field: 'closeReason', message: 'must be invalid or duplicate before the case is resolved and rated' },
    ]);
  }
  if (closeReason !== 'resolved' && !params.reason) {
    throw CaseLifecycleErrors.invalidAction([
      { field: 'reason', message: 'is required when closing as invalid or duplicate' },
    ]);
  }
  record.closeReason = closeReason;
  record.overdueAt = null;
  await step.append({
    action: 'close',
    event: 'closed',
    to: 'closed',
    reason: params.reason ?? null,
    details: { closeReason, unreasonable: false },
  });
}
