import { unitPathOf } from '@yiwang/contracts';
import { segmentsWithin } from '@yiwang/platform';

/** What a caller may see: a unit subtree (materialized path; null = everything) and maybe one department. */
export interface EventScope {
  scopePath: string | null;
  department: string | null;
}

/** The fields every case event shares for scope checks (CaseTransitionV1; CaseCreatedV1 has no department). */
export interface ScopedEvent {
  unitPath: string[];
  departmentCode?: string | null;
  category?: string;
}

/** Deny by default: a departmental caller sees only events of cases its department holds. */
export function visibleTo(scope: EventScope, event: ScopedEvent): boolean {
  if (!segmentsWithin(event.unitPath, scope.scopePath)) return false;
  if (scope.department !== null && event.departmentCode !== scope.department) return false;
  return true;
}

/** `case.v1.dispatched` matches itself and `case.v1.*`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    return subject.startsWith(prefix) && !subject.slice(prefix.length).includes('.');
  }
  return pattern === subject;
}

export function pathOfUnit(unitCode: string): string {
  return unitPathOf(unitCode).join('.');
}
