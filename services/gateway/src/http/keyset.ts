import { DomainError } from '@yiwang/platform';

/**
 * Opaque keyset cursors for gateway-owned listings: base64url JSON of the listing's name and the last
 * row's sort key. Checked on the way back in (they come from the caller); a cursor of one listing is
 * refused by another. A bad cursor is a 400 naming `query.cursor`.
 */
export function encodeCursor(listing: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify({ l: listing, k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(listing: string, raw: string | undefined, size: number): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const invalid = () =>
    DomainError.invalid('request.invalid', 'The request is not valid', [
      { field: 'query.cursor', message: 'not a cursor of this listing' },
    ]);
  if (raw.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { l, k } = (value ?? {}) as { l?: unknown; k?: unknown };
  if (l !== listing || !Array.isArray(k) || k.length !== size || !k.every((p) => typeof p === 'string'))
    throw invalid();
  return k;
}

/** One page: `limit + 1` rows were fetched; the extra one only says there is more. */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  listing: string,
  keyOf: (row: T) => string[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(listing, keyOf(last)) : null,
  };
}
