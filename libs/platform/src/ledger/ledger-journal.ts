import type { LedgerTransfer, TransferKind } from './ledger-types.js';
import { listTransfers, transferView } from './ledger-store.js';
import {
  checkMetadata,
  isCalendarDate,
  ledgerErrors,
  type LedgerDb,
  type LedgerTables,
} from './ledger-support.js';
import { pageLimit } from './ledger-reports.js';

export interface JournalQuery {
  /** Transfers whose metadata contains this (`{ grid: '440106001002-G03' }`), answered from the GIN index. */
  match?: Record<string, unknown>;
  kind?: TransferKind;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface JournalPage {
  transfers: LedgerTransfer[];
  nextCursor: string | null;
}

const KINDS: readonly TransferKind[] = ['transfer', 'reservation', 'post', 'reversal'];

/** The journal itself, newest first: what a fund spent on a grid, what a decision cost, line by line. */
export class LedgerJournal {
  constructor(private readonly t: LedgerTables) {}

  async list(db: LedgerDb, query: JournalQuery = {}): Promise<JournalPage> {
    const date = (value: string | undefined, field: string) => {
      if (value === undefined) return null;
      if (!isCalendarDate(value))
        throw ledgerErrors.invalid(`${field} must be a date (YYYY-MM-DD)`, [{ field, message: value }]);
      return value;
    };
    if (query.kind !== undefined && !KINDS.includes(query.kind)) {
      throw ledgerErrors.invalid(`kind is one of ${KINDS.join(', ')}`, [
        { field: 'kind', message: String(query.kind) },
      ]);
    }
    const match = query.match === undefined ? null : JSON.stringify(checkMetadata(query.match, 'match'));
    const limit = pageLimit(query.limit);
    const rows = await listTransfers(
      db,
      this.t,
      { match, kind: query.kind ?? null, from: date(query.from, 'from'), to: date(query.to, 'to') },
      query.cursor === undefined ? null : decode(query.cursor),
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      transfers: page.map((r) => transferView(r, false)),
      nextCursor: rows.length > limit && last ? encode([last.effectiveDate, last.seq]) : null,
    };
  }
}

function encode(key: [string, number]): string {
  return Buffer.from(JSON.stringify({ j: key }), 'utf8').toString('base64url');
}

function decode(raw: string): [string, number] {
  try {
    if (raw.length > 256) throw new Error('long');
    const { j } = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { j: [string, number] };
    if (!Array.isArray(j) || !isCalendarDate(j[0]) || !Number.isSafeInteger(j[1])) throw new Error('shape');
    return j;
  } catch {
    throw ledgerErrors.badCursor();
  }
}
