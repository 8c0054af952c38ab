import { api } from '../../api/client';
import { listOf } from '../../api/lists';
import type { Case, Page, UnitAssessment } from '../../api/types';

/** The level below a scope that rankings compare (district: streets; street: communities; community: grids). */
export function rankingLevelBelow(level: string): string | null {
  return (
    (
      { city: 'street', district: 'street', street: 'community', community: 'grid' } as Record<string, string>
    )[level] ?? null
  );
}

export async function assessmentOf(unit: string, from: string, to: string, signal?: AbortSignal) {
  const body = await api.get<unknown>('/api/v1/assessment', { query: { unit, from, to }, signal });
  return listOf<UnitAssessment>(body, 'assessments')[0] ?? null;
}

export async function rankings(
  level: string,
  parent: string,
  from: string,
  to: string,
  signal?: AbortSignal,
  limit = 50,
): Promise<UnitAssessment[]> {
  const body = await api.get<unknown>('/api/v1/assessment/rankings', {
    query: { level, parent, from, to, limit },
    signal,
  });
  return listOf<UnitAssessment>(body, 'rankings');
}

/** Cases still in hand: everything but closed (rated cases await closing). */
const DONE = new Set(['closed']);
const MAX_PAGES = 10;

export interface UnitLoad {
  open: number;
  overdue: number;
}

export interface CaseCounts {
  intake: number;
  open: number;
  overdue: number;
  /** Open and overdue cases under each unit and grid code of their unit paths. */
  byUnit: Map<string, UnitLoad>;
  /** Where the open cases are, for the map. */
  points: { id: string; lat: number; lng: number; overdue: boolean }[];
  /** More cases than were read (MAX_PAGES × 200): the counts are lower bounds. */
  more: boolean;
}

/**
 * Today's intake, open and overdue cases in a unit, read from the case list (newest first): intake stops at
 * the first case before today; open and overdue count what was read, bounded.
 */
export async function caseCounts(unit: string, todayStart: Date, signal?: AbortSignal): Promise<CaseCounts> {
  const counts: CaseCounts = { intake: 0, open: 0, overdue: 0, byUnit: new Map(), points: [], more: false };
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body: Page<Case> = await api.get<Page<Case>, '/api/v1/cases'>('/api/v1/cases', {
      query: { unit, after: after ?? undefined, limit: 200 },
      signal,
    });
    for (const c of body.items) {
      if (Date.parse(c.createdAt) >= todayStart.getTime()) counts.intake += 1;
      if (DONE.has(c.state)) continue;
      counts.open += 1;
      if (c.overdue) counts.overdue += 1;
      for (const code of c.unitPath) {
        const load = counts.byUnit.get(code) ?? { open: 0, overdue: 0 };
        load.open += 1;
        if (c.overdue) load.overdue += 1;
        counts.byUnit.set(code, load);
      }
      if (c.location) counts.points.push({ id: c.id, ...c.location, overdue: c.overdue });
    }
    after = body.nextCursor;
    if (!after) return counts;
  }
  counts.more = true;
  return counts;
}
