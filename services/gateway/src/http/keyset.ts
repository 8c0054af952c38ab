import { DomainError, decodeKeyset, keysetPage } from '@yiwang/platform';

/**
 * The gateway's own listings page with the platform's keyset cursor codec; a cursor that is not one of
 * this listing's is a 400 naming `query.cursor`.
 */
export function decodeCursor(listing: string, raw: string | undefined, size: number): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const key = decodeKeyset(listing, raw, size);
  if (!key)
    throw DomainError.invalid('request.invalid', 'The request is not valid', [
      { field: 'query.cursor', message: 'not a cursor of this listing' },
    ]);
  return key;
}

/** One page: `limit + 1` rows were fetched; the extra one only says there is more. */
export const pageOf = keysetPage;
