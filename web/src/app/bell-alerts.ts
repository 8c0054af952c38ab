import type { Case } from '../api/types';
import type { CaseAlert } from './NotificationBell';

/** The cases already overdue or warned about when the page opened: the first page and how many in all. */
export interface ExistingAlerts {
  items: CaseAlert[];
  total: number;
}

/** A case of the `alert=overdue_or_warning` list as an alert: one entry per case, dated when its clock fired. */
export function alertOfCase(c: Case): CaseAlert {
  const clock = c.nextDeadline;
  return {
    key: `case:${c.id}`,
    kind: c.overdue ? 'overdue' : 'deadline-warning',
    caseId: c.id,
    category: c.category,
    unitCode: c.unitCode,
    occurredAt: (c.overdue ? clock?.dueAt : (clock?.warnAt ?? clock?.dueAt)) ?? c.updatedAt,
  };
}

/**
 * The bell's list and count: live events first (newest first, one per event), then the existing cases no live
 * event speaks of (a live event is the newer word on its case). The count is the server's total plus the live
 * events about cases the loaded page did not hold; a live event about a loaded case is counted in the total
 * already. Without the existing list (not loaded, or failed) only the live events count.
 */
export function mergeAlerts(
  existing: ExistingAlerts | null,
  live: readonly CaseAlert[],
  keep: number,
): { items: CaseAlert[]; count: number } {
  const loaded = new Set(existing?.items.map((a) => a.caseId));
  const liveCases = new Set(live.map((a) => a.caseId));
  const rest = (existing?.items ?? []).filter((a) => !liveCases.has(a.caseId));
  return {
    items: [...live, ...rest].slice(0, keep),
    count: (existing?.total ?? 0) + live.filter((a) => !loaded.has(a.caseId)).length,
  };
}
