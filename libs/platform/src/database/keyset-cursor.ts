/**
 * Opaque keyset cursors for every paged listing: base64url JSON of the listing's name and the last row's
 * sort key (`{"l":"buildings","k":["三号楼","<uuid>"]}`). Opaque so callers cannot come to depend on the
 * shape; checked on the way back in, since they come from the caller: a cursor of one listing, of the
 * wrong length or not ours at all decodes to null, and the caller answers with its own coded 400.
 */
export function encodeKeyset(listing: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify({ l: listing, k: key }), 'utf8').toString('base64url');
}

/** The sort key, or null when `raw` is not a cursor of this listing with `size` parts (and `valid`). */
export function decodeKeyset(
  listing: string,
  raw: string,
  size: number,
  valid: (key: readonly string[]) => boolean = () => true,
): string[] | null {
  if (raw.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { l, k } = (value ?? {}) as { l?: unknown; k?: unknown };
  if (l !== listing || !Array.isArray(k) || k.length !== size) return null;
  if (!k.every((part): part is string => typeof part === 'string')) return null;
  return valid(k) ? k : null;
}

/** One page from `limit + 1` fetched rows: the extra row only says there is more. */
export function keysetPage<T>(
  rows: readonly T[],
  limit: number,
  listing: string,
  keyOf: (row: T) => readonly string[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeKeyset(listing, keyOf(last)) : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
