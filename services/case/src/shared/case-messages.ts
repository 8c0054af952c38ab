import type { caseV1 } from '@yiwang/contracts';
import type { CaseEntity } from '../intake/case.entity.js';
import type { CaseSubtaskEntity } from '../joint/case-subtask.entity.js';
import { allowedActions, tierUnit } from '../lifecycle/case-state-machine.js';
import type { CaseTransitionEntity } from '../lifecycle/case-transition.entity.js';

/** What reads add to a case from other tables (its completion clock, its public attachment). */
export interface CaseReadFacts {
  completionDueAt: Date | null;
  publicAttachmentId: string | null;
}

/** Entities to gRPC messages: one place, so every RPC answers the same shape. Absent values stay unset. */
export function caseMessage(record: CaseEntity, facts?: CaseReadFacts): caseV1.Case {
  return {
    id: record.id,
    state: record.state,
    title: record.title,
    category: record.category,
    channel: record.channel,
    unitCode: record.unitCode,
    unitPath: record.unitPath,
    createdAt: record.createdAt.toISOString(),
    description: record.description,
    priority: record.priority,
    version: record.version,
    tier: record.tier,
    tierUnitCode: tierUnit(record.unitPath, record.tier),
    departmentCode: record.departmentCode ?? undefined,
    pendingRequest: record.pendingRequest?.kind,
    returnCount: record.returnCount,
    reopenCount: record.reopenCount,
    result: record.result ?? undefined,
    evidenceIds: record.evidenceIds ?? [],
    rating: record.rating ?? undefined,
    closeReason: record.closeReason ?? undefined,
    unreasonable: record.unreasonable,
    mergedInto: record.mergedInto ?? undefined,
    overdue: record.overdueAt !== null,
    updatedAt: record.updatedAt.toISOString(),
    location: record.lat !== null && record.lng !== null ? { lat: record.lat, lng: record.lng } : undefined,
    allowedActions: allowedActions(record),
    routingVersion: record.routingVersion ?? undefined,
    address: record.address ?? undefined,
    attributesJson: record.attributes ? JSON.stringify(record.attributes) : undefined,
    completionDueAt: facts?.completionDueAt?.toISOString(),
    publicAttachmentId: facts?.publicAttachmentId ?? undefined,
    responsibilityVersion: record.responsibilityVersion ?? undefined,
  };
}

export function transitionMessage(row: CaseTransitionEntity): caseV1.Transition {
  return {
    seq: row.seq,
    action: row.action,
    event: row.event ?? undefined,
    fromState: row.fromState ?? undefined,
    toState: row.toState,
    actorSubject: row.actorSubject,
    actorRole: row.actorRole,
    actorUnitCode: row.actorUnitCode ?? undefined,
    actorDepartmentCode: row.actorDepartmentCode ?? undefined,
    reason: row.reason ?? undefined,
    detailsJson: JSON.stringify(row.details ?? {}),
    occurredAt: row.occurredAt.toISOString(),
  };
}

export function subtaskMessage(row: CaseSubtaskEntity): caseV1.Subtask {
  return {
    id: row.id,
    departmentCode: row.departmentCode,
    task: row.task,
    deadlineWorkingHours: row.deadlineWorkingHours,
    state: row.state,
    result: row.result ?? undefined,
    completedAt: row.completedAt?.toISOString(),
  };
}

export function clockMessage(row: {
  kind: string;
  state: string;
  dueAt: Date;
  warnAt: Date | null;
  stoppedAt: Date | null;
}): caseV1.Clock {
  return {
    kind: row.kind,
    state: row.state,
    dueAt: row.dueAt.toISOString(),
    warnAt: row.warnAt?.toISOString(),
    stoppedAt: row.stoppedAt?.toISOString(),
  };
}
