import { useCallback, useEffect, useState } from 'react';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Every item matching the filters, when the server counted them. */
  total?: number;
}

export interface KeysetList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  pageIndex: number;
  /** Every item matching the filters, when the server counted them. */
  total?: number;
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
  /**
   * Cursors held by the caller (e.g. in the URL, so the page survives navigation); the caller then starts
   * over itself when its filters change.
   */
  controlled?: { cursors: (string | null)[]; setCursors: (cursors: (string | null)[]) => void },
): KeysetList<T> {
  const [own, setOwn] = useState<(string | null)[]>([null]);
  const cursors = controlled?.cursors ?? own;
  const setCursors = (update: (c: (string | null)[]) => (string | null)[]) =>
    controlled ? controlled.setCursors(update(controlled.cursors)) : setOwn(update);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const cursor = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    if (!controlled) setOwn([null]);
  }, deps);

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
    total: page?.total,
    hasNext: Boolean(page?.nextCursor),
    next: () => page?.nextCursor && setCursors((c) => [...c, page.nextCursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reload: () => setTick((n) => n + 1),
    all,
  };
}
