import type { caseV1 } from '@yiwang/contracts';

const orNull = (value: string | undefined): string | null => (value ? value : null);

/** A case as the HTTP API shows it: absent values are null, not empty strings. */
export function presentCase(c: caseV1.Case): Record<string, unknown> {
  return {
    ...c,
    departmentCode: orNull(c.departmentCode),
    pendingRequest: orNull(c.pendingRequest),
    result: orNull(c.result),
    rating: orNull(c.rating),
    closeReason: orNull(c.closeReason),
    mergedInto: orNull(c.mergedInto),
    routingVersion: orNull(c.routingVersion),
    location: c.location ?? null,
  };
}

export function presentTransition(t: caseV1.Transition): Record<string, unknown> {
  const { detailsJson, ...rest } = t;
  return {
    ...rest,
    event: orNull(t.event),
    fromState: orNull(t.fromState),
    actorUnitCode: orNull(t.actorUnitCode),
    actorDepartmentCode: orNull(t.actorDepartmentCode),
    reason: orNull(t.reason),
    details: JSON.parse(detailsJson || '{}'),
  };
}

export function presentSubtask(s: caseV1.Subtask): Record<string, unknown> {
  return { ...s, result: orNull(s.result), completedAt: orNull(s.completedAt) };
}
