import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Grid, Page, Unit } from '../../api/types';
import { childUnits } from '../../components/UnitTree';

/** A step of the drill-down: district → street → community → grid. */
export interface ScopeStep {
  code: string;
  name: string;
  /** province | city | district | street | community | grid */
  level: string;
}

export const stepOfUnit = (u: Unit): ScopeStep => ({ code: u.code, name: u.name, level: u.level });
export const stepOfGrid = (g: Grid): ScopeStep => ({ code: g.code, name: g.name, level: 'grid' });

export async function gridsOf(unit: string, boundary: boolean, signal?: AbortSignal): Promise<Grid[]> {
  const grids: Grid[] = [];
  let after: string | null = null;
  do {
    const page: Page<Grid> = await api.get<Page<Grid>, '/api/v1/registry/grids'>('/api/v1/registry/grids', {
      query: { unit, after: after ?? undefined, limit: 1000, boundary: boundary ? 'true' : 'false' },
      signal,
    });
    grids.push(...page.items);
    after = page.nextCursor;
  } while (after);
  return grids;
}

/** The children one level down: units, or grids below a community. */
export async function childrenOf(step: ScopeStep): Promise<ScopeStep[]> {
  if (step.level === 'grid') return [];
  if (step.level === 'community') return (await gridsOf(step.code, false)).map(stepOfGrid);
  return (await childUnits(step.code)).map(stepOfUnit);
}

/** The drill-down trail, starting at the roots of the user's scope. */
export function useScopeTrail() {
  const [trail, setTrail] = useState<ScopeStep[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    setError(null);
    childUnits(null).then(
      (roots) => setTrail(roots[0] ? [stepOfUnit(roots[0])] : []),
      (e: unknown) => setError(e),
    );
  }, [tick]);
  const drill = useCallback((step: ScopeStep) => setTrail((t) => [...t, step]), []);
  const back = useCallback((index: number) => setTrail((t) => t.slice(0, index + 1)), []);
  return {
    trail,
    current: trail[trail.length - 1] ?? null,
    drill,
    back,
    error,
    retry: () => setTick((n) => n + 1),
  };
}
