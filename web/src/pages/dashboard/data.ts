import { api } from '../../api/client';
import { listOf } from '../../api/lists';
import type { Case, CaseCounts as ServerCounts, Page, UnitAssessment } from '../../api/types';

/** The level below a scope that rankings compare (city: districts; district: streets; street: communities …). */
export function rankingLevelBelow(level: string): string | null {
  return (
    (
      { city: 'district', district: 'street', street: 'community', community: 'grid' } as Record<
        string,
        string
      >
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

export interface UnitLoad {
  open: number;
  overdue: number;
}

export interface CaseCounts {
  intake: number;
  open: number;
  overdue: number;
  /** Open and overdue cases per unit one level down and per grid. */
  byUnit: Map<string, UnitLoad>;
  /** The units one level down (or a community's grids) in the server's order, for the chart. */
  children: (UnitLoad & { unit: string })[];
  /** Where the newest open cases are, for the map (at most one page of them). */
  points: { id: string; lat: number; lng: number; overdue: boolean }[];
}

/**
 * Today's intake, open and overdue cases in a unit, counted by the server (GET /api/v1/cases/counts), per
 * child unit and grid for the map's shading; the newest open cases' locations for its points.
 */
export async function caseCounts(unit: string, day: string, signal?: AbortSignal): Promise<CaseCounts> {
  const [counts, newest] = await Promise.all([
    api.get<ServerCounts, '/api/v1/cases/counts'>('/api/v1/cases/counts', { query: { unit, day }, signal }),
    api.get<Page<Case>, '/api/v1/cases'>('/api/v1/cases', { query: { unit, limit: 200 }, signal }),
  ]);
  const byUnit = new Map<string, UnitLoad>();
  for (const load of [...counts.children, ...counts.grids])
    byUnit.set(load.unit, { open: load.open, overdue: load.overdue });
  return {
    intake: counts.total.intake,
    open: counts.total.open,
    overdue: counts.total.overdue,
    byUnit,
    children: counts.children.map((c) => ({ unit: c.unit, open: c.open, overdue: c.overdue })),
    points: newest.items
      .filter((c) => c.state !== 'closed' && c.location)
      .map((c) => ({ id: c.id, ...c.location!, overdue: c.overdue })),
  };
}
