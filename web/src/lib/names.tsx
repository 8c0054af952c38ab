import { useEffect, useReducer } from 'react';
import { api } from '../api/client';
import { displayText } from './display';

/**
 * Names for unit, grid and department codes (GET /api/v1/registry/names), asked for in batches and kept
 * for the session: every page shows names, with the code on hover.
 */
const known = new Map<string, string | null>();
const pending = new Set<string>();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
const NAMEABLE = /^([0-9]{2,12}(-[A-Za-z0-9_]{1,40})?|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})$/;
const BATCH = 200;

async function flush(): Promise<void> {
  timer = null;
  const codes = [...pending];
  pending.clear();
  for (let i = 0; i < codes.length; i += BATCH) {
    const batch = codes.slice(i, i + BATCH);
    try {
      const body = await api.get<{ items: { code: string; name: string }[] }, '/api/v1/registry/names'>(
        '/api/v1/registry/names',
        { query: { codes: batch.join(',') } },
      );
      for (const code of batch) known.set(code, null);
      for (const item of body.items) known.set(item.code, item.name);
    } catch {
      // Unnamed codes stay codes; a later page may ask again.
      for (const code of batch) known.delete(code);
    }
  }
  listeners.forEach((notify) => notify());
}

export function requestNames(codes: readonly (string | null | undefined)[]): void {
  let added = false;
  for (const code of codes) {
    if (!code || known.has(code) || pending.has(code) || !NAMEABLE.test(code)) continue;
    pending.add(code);
    known.set(code, null);
    added = true;
  }
  if (added && !timer) timer = setTimeout(() => void flush(), 10);
}

/** A code's name (bidi controls removed), or the code itself while unknown. */
export function nameOf(code: string | null | undefined): string {
  if (!code) return '—';
  return displayText(known.get(code) ?? code);
}

/** Asks for the names of these codes and re-renders when they arrive; returns `nameOf`. */
export function useNames(
  codes: readonly (string | null | undefined)[],
): (code: string | null | undefined) => string {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    listeners.add(rerender);
    return () => void listeners.delete(rerender);
  }, []);
  const key = codes.join(',');
  useEffect(() => requestNames(codes), [key]);
  return nameOf;
}

/** A code shown by its name, the code on hover; `quiet`: nothing at all until a name is known (people). */
export function CodeName({ code, quiet }: { code: string | null | undefined; quiet?: boolean }) {
  useNames([code]);
  if (!code) return quiet ? null : <>—</>;
  if (quiet && !known.get(code)) return null;
  return <span title={code}>{nameOf(code)}</span>;
}
