import type { CaseDepartmentEntity } from '../../routing/case-department.entity.js';
import type { ActionParams } from '../action-params.js';
import { CaseLifecycleErrors } from '../case-lifecycle.errors.js';
import type { TransitionStep } from '../transition-step.js';
import { assign, chooseDepartment, escalateOneTier, type ActionDeps } from './action-deps.js';

/** 受理: the case is taken in at the tier its unit sits at. */
export async function register(step: TransitionStep, params: ActionParams<'register'>): Promise<void> {
  await step.append({
    action: 'register',
    event: 'registered',
    to: 'registered',
    reason: params.reason ?? null,
    details: { tier: step.record.tier, automatic: false },
  });
}

/** 派单: to the named department, or the one the responsibility list names for the category. */
export async function dispatch(
  step: TransitionStep,
  params: ActionParams<'dispatch'>,
  deps: ActionDeps,
): Promise<void> {
  const department = await chooseDepartment(step, deps, params.departmentCode);
  assign(step, department);
  // The list's deadline for the department it names; case-clock takes it for the completion clock.
  const listed = await deps.routing.listedFor(step.record, department);
  const fromList = listed !== null && listed.departmentKind === departmentKindOf(department);
  await step.append({
    action: 'dispatch',
    event: 'dispatched',
    to: 'dispatched',
    reason: params.reason ?? null,
    details: {
      tier: step.record.tier,
      routed: !params.departmentCode,
      responsibilityVersion: step.record.responsibilityVersion,
      ...(fromList ? { completionWorkingHours: listed.deadlineWorkingHours } : {}),
    },
  });
}

/** 接单 */
export async function accept(step: TransitionStep, params: ActionParams<'accept'>): Promise<void> {
  await step.append({ action: 'accept', event: 'accepted', to: 'accepted', reason: params.reason ?? null });
}

/** 退单 with a reason; the dispatcher arbitrates. Too many returns at one tier escalate on their own. */
export async function returnCase(
  step: TransitionStep,
  params: ActionParams<'return'>,
  deps: ActionDeps,
): Promise<void> {
  const record = step.record;
  record.returnCount += 1;
  record.returnedBy = record.departmentCode;
  record.pendingRequest = null;
  await step.append({
    action: 'return',
    event: 'returned',
    to: 'returned',
    reason: params.reason,
    details: { returnCount: record.returnCount, returnedBy: record.returnedBy },
  });
  if (record.returnCount >= deps.config.CASE_RETURN_ESCALATION_THRESHOLD && record.tier !== 'district') {
    await escalateOneTier(step, { automatic: true, reason: params.reason, cause: 'repeated_returns' });
  }
}

/**
 * The dispatcher rules on a return against the responsibility list: uphold (the department was right:
 * dispatch elsewhere) or reject (the department must take it: back to it). The case's own 权责清单 version
 * decides: a department it lists as responsible for the category at its level cannot have its return upheld.
 */
export async function arbitrateReturn(
  step: TransitionStep,
  params: ActionParams<'arbitrate-return'>,
  deps: ActionDeps,
): Promise<void> {
  const record = step.record;
  const returnedBy = record.returnedBy;
  // The return is judged against the list the case was routed under, not a newer one.
  const returning = returnedBy ? await deps.routing.find(returnedBy) : null;
  const listed = returning ? await deps.routing.listedFor(record, returning) : null;
  const listedResponsible = listed !== null && listed.departmentKind === departmentKindOf(returning!);
  if (params.decision === 'uphold' && listedResponsible) {
    throw CaseLifecycleErrors.returnUnfounded(returnedBy!, listed.version);
  }
  if (params.decision === 'reject') {
    if (!returnedBy) throw CaseLifecycleErrors.unknownDepartment('(none)');
    record.departmentCode = returnedBy;
  } else {
    if (params.departmentCode && params.departmentCode === returnedBy) {
      throw CaseLifecycleErrors.invalidAction([
        { field: 'departmentCode', message: 'must differ from the department that returned the case' },
      ]);
    }
    assign(step, await chooseDepartment(step, deps, params.departmentCode, returnedBy));
  }
  record.returnedBy = null;
  await step.append({
    action: 'arbitrate-return',
    event: 'dispatched',
    to: 'dispatched',
    reason: params.reason ?? null,
    details: {
      tier: record.tier,
      arbitration: params.decision === 'uphold' ? 'upheld' : 'rejected',
      returnedBy,
      responsibilityVersion: record.responsibilityVersion,
      listedResponsible,
    },
  });
}

/** The registry's kind of a department; one announced only by event carries it in its code. */
function departmentKindOf(department: CaseDepartmentEntity): string {
  return department.kind || department.code.slice(department.unitCode.length + 1);
}

/** Work starts: after accepting, or straight from registered when the grid or community handles it. */
export async function start(step: TransitionStep, params: ActionParams<'start'>): Promise<void> {
  const selfHandled = step.record.state === 'registered';
  await step.append({
    action: 'start',
    event: 'started',
    to: 'in_progress',
    reason: params.reason ?? null,
    details: selfHandled ? { selfHandled: true, tier: step.record.tier } : {},
  });
}

/** On demand by a person; when the service itself escalates (a tier deadline passed) it is automatic. */
export async function escalate(step: TransitionStep, params: ActionParams<'escalate'>): Promise<void> {
  const automatic = step.actor.service;
  await escalateOneTier(step, {
    automatic,
    reason: params.reason,
    ...(automatic ? { cause: 'tier_deadline' } : {}),
  });
}
