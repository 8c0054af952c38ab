import { api } from '../../api/client';
import { listOf, type Case, type UnitAssessment } from '../../api/types';

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

/** How many cases match: the list's total when it gives one, else what one page holds (shown with “+”). */
export async function countCases(
  query: Record<string, string | number | boolean | undefined>,
  signal?: AbortSignal,
): Promise<{ count: number; more: boolean }> {
  const body = await api.get<{ items: Case[]; nextCursor?: string | null; total?: number }>('/api/v1/cases', {
    query: { ...query, limit: 200 },
    signal,
  });
  if (typeof body.total === 'number') return { count: body.total, more: false };
  return { count: body.items.length, more: Boolean(body.nextCursor) };
}

export const openCount = (a: UnitAssessment | undefined) =>
  a ? Math.max(0, a.counts.dispatched - a.counts.resolved) : 0;
