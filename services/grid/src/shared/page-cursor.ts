/**
 * Opaque keyset cursors: base64url JSON of the last row's sort key and id. Opaque so callers cannot
 * come to depend on the shape; checked on the way back in, since they come from the caller.
 */
export interface PageCursor {
  /** Which ordering the cursor belongs to: a cursor of one listing is refused by another. */
  k: string;
  /** The sort key of the last row returned. */
  s: string;
  /** The id of the last row returned (tie-breaker). */
  i: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The cursor, or null when `raw` is not one of ours for this ordering. */
export function decodeCursor(raw: string, kind: string): PageCursor | null {
  if (raw.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { k, s, i } = value as Record<string, unknown>;
    if (k !== kind || typeof s !== 'string' || typeof i !== 'string' || !UUID.test(i)) return null;
    return { k, s, i };
  } catch {
    return null;
  }
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
