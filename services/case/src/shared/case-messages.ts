import type { caseV1 } from '@yiwang/contracts';
import type { CaseEntity } from '../intake/case.entity.js';
import type { CaseSubtaskEntity } from '../joint/case-subtask.entity.js';
import { allowedActions, tierUnit } from '../lifecycle/case-state-machine.js';
import type { CaseTransitionEntity } from '../lifecycle/case-transition.entity.js';

/** Entities to gRPC messages: one place, so every RPC answers the same shape. */
export function caseMessage(record: CaseEntity): caseV1.Case {
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
    departmentCode: record.departmentCode ?? '',
    pendingRequest: record.pendingRequest?.kind ?? '',
    returnCount: record.returnCount,
    reopenCount: record.reopenCount,
    result: record.result ?? '',
    evidenceIds: record.evidenceIds ?? [],
    rating: record.rating ?? '',
    closeReason: record.closeReason ?? '',
    unreasonable: record.unreasonable,
    mergedInto: record.mergedInto ?? '',
    overdue: record.overdueAt !== null,
    updatedAt: record.updatedAt.toISOString(),
    location: record.lat !== null && record.lng !== null ? { lat: record.lat, lng: record.lng } : undefined,
    allowedActions: allowedActions(record),
    routingVersion: record.routingVersion ?? '',
  };
}

export function transitionMessage(row: CaseTransitionEntity): caseV1.Transition {
  return {
    seq: row.seq,
    action: row.action,
    event: row.event ?? '',
    fromState: row.fromState ?? '',
    toState: row.toState,
    actorSubject: row.actorSubject,
    actorRole: row.actorRole,
    actorUnitCode: row.actorUnitCode ?? '',
    actorDepartmentCode: row.actorDepartmentCode ?? '',
    reason: row.reason ?? '',
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
    result: row.result ?? '',
    completedAt: row.completedAt ? row.completedAt.toISOString() : '',
  };
}
