import { useCallback, useEffect, useState } from 'react';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface KeysetList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  pageIndex: number;
  hasNext: boolean;
  next: () => void;
  previous: () => void;
  reload: () => void;
  /** Every page from the first, for an export (capped). */
  all: (max?: number) => Promise<T[]>;
}

/**
 * A keyset-paged list (the gateway pages with `after`/`cursor` tokens): remembers the cursor of each page
 * visited so the user can go back; starts over when the filters (deps) change.
 */
export function useKeysetList<T>(
  fetchPage: (cursor: string | null, signal?: AbortSignal) => Promise<Page<T>>,
  deps: unknown[],
): KeysetList<T> {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const cursor = cursors[cursors.length - 1] ?? null;

  useEffect(() => setCursors([null]), deps);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    fetchPage(cursor, controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setPage(result);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setPage(null);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [cursor, tick, ...deps]);

  const all = useCallback(
    async (max = 5000) => {
      const rows: T[] = [];
      let next: string | null = null;
      do {
        const result = await fetchPage(next);
        rows.push(...result.items);
        next = result.nextCursor;
      } while (next && rows.length < max);
      return rows.slice(0, max);
    },
    [fetchPage],
  );

  return {
    items: page?.items ?? [],
    loading,
    error,
    pageIndex: cursors.length - 1,
    hasNext: Boolean(page?.nextCursor),
    next: () => page?.nextCursor && setCursors((c) => [...c, page.nextCursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reload: () => setTick((n) => n + 1),
    all,
  };
}
