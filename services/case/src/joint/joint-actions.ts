import { randomUUID } from 'node:crypto';
import { DomainError } from '@yiwang/platform';
import type { ActionParams } from '../lifecycle/action-params.js';
import { assign, chooseDepartment, type ActionDeps } from '../lifecycle/actions/action-deps.js';
import { CaseLifecycleErrors } from '../lifecycle/case-lifecycle.errors.js';
import type { TransitionStep } from '../lifecycle/transition-step.js';
import { CaseSubtaskEntity } from './case-subtask.entity.js';

/**
 * 吹哨报到: the street (or district) summons a lead department and co-handlers; each co-handler gets a
 * sub-task with its own deadline in working hours. The lead then accepts and handles the case as usual.
 */
export async function summon(
  step: TransitionStep,
  params: ActionParams<'summon'>,
  deps: ActionDeps,
): Promise<void> {
  const codes = params.coHandlers.map((c) => c.departmentCode);
  const lead = await chooseDepartment(
    step,
    deps,
    params.departmentCode ?? step.record.departmentCode ?? undefined,
  );
  if (codes.includes(lead.code) || new Set(codes).size !== codes.length) {
    throw CaseLifecycleErrors.invalidAction([
      { field: 'coHandlers', message: 'each co-handler must be a different department from the lead' },
    ]);
  }
  for (const code of codes) await chooseDepartment(step, deps, code);
  assign(step, lead);
  step.record.returnedBy = null;
  await deps.subtasks.insert(
    step.manager,
    params.coHandlers.map((c) =>
      Object.assign(new CaseSubtaskEntity(), {
        id: randomUUID(),
        caseId: step.record.id,
        departmentCode: c.departmentCode,
        task: c.task,
        deadlineWorkingHours: c.deadlineWorkingHours,
        state: 'open',
        result: null,
        createdAt: new Date(),
        completedAt: null,
        completedBy: null,
      }),
    ),
  );
  await step.append({
    action: 'summon',
    event: 'summoned',
    to: 'dispatched',
    reason: params.reason ?? null,
    details: {
      tier: step.record.tier,
      coHandlers: codes,
      subtaskDeadlines: params.coHandlers.map((c) => `${c.departmentCode}:${c.deadlineWorkingHours}`),
    },
  });
}

/** A co-handler reports its part done; only that department (or a service) may. */
export async function completeSubtask(
  step: TransitionStep,
  params: ActionParams<'complete-subtask'>,
  deps: ActionDeps,
): Promise<void> {
  const subtask = (await deps.subtasks.ofCase(step.record.id, step.manager)).find(
    (s) => s.id === params.subtaskId,
  );
  if (!subtask)
    throw DomainError.notFound('case.subtask_not_found', `Sub-task ${params.subtaskId} does not exist`);
  if (!step.actor.service && step.actor.departmentCode !== subtask.departmentCode) {
    throw new DomainError(
      'forbidden',
      'case.not_co_handler',
      'Only the co-handling department completes its sub-task',
    );
  }
  if (subtask.state !== 'open') {
    throw DomainError.conflict('case.subtask_done', 'The sub-task is already done');
  }
  await deps.subtasks.complete(step.manager, subtask.id, {
    result: params.result,
    completedBy: step.actor.subject,
  });
  await step.append({
    action: 'complete-subtask',
    event: 'subtaskCompleted',
    reason: null,
    details: { subtaskId: subtask.id, subtaskDepartment: subtask.departmentCode },
  });
}
