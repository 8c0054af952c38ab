import { decodeKeyset, encodeKeyset, isUuid } from '@yiwang/platform';

/**
 * The registry's listings page with the platform's keyset cursor codec on (sort key, id). This adapter
 * keeps their `{ k, s, i }` shape: which listing, the last row's sort key, its id (tie-breaker).
 */
export interface PageCursor {
  /** Which ordering the cursor belongs to: a cursor of one listing is refused by another. */
  k: string;
  /** The sort key of the last row returned. */
  s: string;
  /** The id of the last row returned (tie-breaker). */
  i: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return encodeKeyset(cursor.k, [cursor.s, cursor.i]);
}

/** The cursor, or null when `raw` is not one of ours for this ordering. */
export function decodeCursor(raw: string, kind: string): PageCursor | null {
  const key = decodeKeyset(kind, raw, 2, ([, id]) => isUuid(id));
  return key && { k: kind, s: key[0], i: key[1] };
}

export { isUuid };
