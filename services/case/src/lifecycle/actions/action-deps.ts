import type { CaseConfig } from '../../case.config.js';
import type { CaseSubtaskRepository } from '../../joint/case-subtask.repository.js';
import type { CaseDepartmentEntity } from '../../routing/case-department.entity.js';
import type { CaseRoutingService } from '../../routing/case-routing.service.js';
import type { CaseLifecycleRepository } from '../case-lifecycle.repository.js';
import { CaseLifecycleErrors } from '../case-lifecycle.errors.js';
import { nextTier } from '../case-state-machine.js';
import type { TransitionStep } from '../transition-step.js';

/** What action implementations may use besides their step. */
export interface ActionDeps {
  config: CaseConfig;
  routing: CaseRoutingService;
  subtasks: CaseSubtaskRepository;
  cases: CaseLifecycleRepository;
}

/** The named department (it must be known), or the one routing picks for the case (never `exclude`). */
export async function chooseDepartment(
  step: TransitionStep,
  deps: ActionDeps,
  code: string | undefined,
  exclude: string | null = null,
): Promise<CaseDepartmentEntity> {
  // The case is routed under the active 权责清单 version once, and keeps it for later dispatches.
  step.record.responsibilityVersion ??= await deps.routing.versionFor(step.record);
  if (code) {
    let found = await deps.routing.find(code);
    if (!found && (await deps.routing.backfill(step.record.unitPath[3] ?? step.record.unitCode))) {
      found = await deps.routing.find(code);
    }
    if (!found) throw CaseLifecycleErrors.unknownDepartment(code);
    // A department of the case's own district or street, never another area's.
    if (!step.record.unitPath.includes(found.unitCode)) throw CaseLifecycleErrors.foreignDepartment(code);
    return found;
  }
  const routed = await deps.routing.route(step.record, exclude);
  if (!routed) throw CaseLifecycleErrors.noDepartment(step.record.category);
  return routed;
}

export function assign(step: TransitionStep, department: CaseDepartmentEntity): void {
  step.record.departmentCode = department.code;
  step.record.routingVersion = `${department.code}@${department.version}`;
}

/** One tier up (grid → community → street → district); the case waits there to be dispatched again. */
export async function escalateOneTier(
  step: TransitionStep,
  options: { automatic: boolean; reason: string | null; cause?: string },
): Promise<void> {
  const record = step.record;
  const fromTier = record.tier;
  const tier = nextTier(fromTier);
  if (!tier) throw CaseLifecycleErrors.topTier();
  record.tier = tier;
  record.departmentCode = null;
  record.returnCount = 0;
  record.returnedBy = null;
  record.pendingRequest = null;
  record.suspendedFrom = null;
  await step.append({
    action: options.automatic ? 'auto-escalate' : 'escalate',
    event: 'escalated',
    to: 'registered',
    reason: options.reason,
    details: {
      tier,
      fromTier,
      automatic: options.automatic,
      ...(options.cause ? { cause: options.cause } : {}),
    },
  });
}
