import { DomainError } from '@yiwang/platform';
import type { ActionParams } from '../action-params.js';
import type { ActionDeps } from './action-deps.js';
import type { TransitionStep } from '../transition-step.js';

/**
 * A duplicate merged into another case: it closes as a duplicate (closed) and says where it went
 * (merged); both cases keep their own timelines, and the surviving case lists it under mergedFrom.
 */
export async function merge(
  step: TransitionStep,
  params: ActionParams<'merge'>,
  deps: ActionDeps,
): Promise<void> {
  const record = step.record;
  if (params.intoCaseId === record.id) {
    throw DomainError.invalid('case.invalid_action', 'A case cannot be merged into itself', [
      { field: 'intoCaseId', message: 'must be another case' },
    ]);
  }
  const target = await deps.cases.findVisible(step.actor, params.intoCaseId);
  if (!target) throw DomainError.notFound('case.not_found', `Case ${params.intoCaseId} does not exist`);
  if (target.state === 'closed') {
    throw DomainError.conflict('case.merge_target_closed', 'The case to merge into is already closed');
  }
  record.mergedInto = target.id;
  record.closeReason = 'duplicate';
  record.overdueAt = null;
  const reason = params.reason ?? 'duplicate';
  await step.append({
    action: 'merge',
    event: 'closed',
    to: 'closed',
    reason,
    details: { closeReason: 'duplicate', unreasonable: false, mergedInto: target.id },
  });
  await step.append({ action: 'merge', event: 'merged', reason, details: { mergedInto: target.id } });
}
