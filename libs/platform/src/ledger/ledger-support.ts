import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError, type ErrorDetail } from '../errors/domain-error.js';
import { quoteIdent } from '../database/data-source.js';
import { sql, type Sql } from '../database/sql.js';
import { queryRows, type Db } from '../database/sql-runner.js';

/** Where reads may run: a transaction's manager, or the data source (autocommit). */
export type LedgerDb = Db;

/** Every coded refusal of the ledger: one place, so transports map them and tests name them. */
export const ledgerErrors = {
  invalid: (message: string, details: readonly ErrorDetail[] = []) =>
    DomainError.invalid('ledger.invalid', message, details),
  accountNotFound: (ids: readonly string[]) =>
    DomainError.notFound('ledger.account_not_found', `No ledger account ${ids.join(', ')}`),
  accountCodeReused: (code: string) =>
    DomainError.conflict(
      'ledger.account_code_reused',
      `Account ${code} exists with another definition (kind, asset, side, negative allowance or unit)`,
    ),
  assetMismatch: (message: string) => DomainError.invalid('ledger.asset_mismatch', message),
  unbalanced: (asset: string, debits: number, credits: number) =>
    DomainError.invalid(
      'ledger.unbalanced',
      `Debits (${debits}) and credits (${credits}) of ${asset} differ: every transfer balances`,
    ),
  idReused: (id: string) =>
    DomainError.conflict(
      'ledger.id_reused',
      `Transfer ${id} was already applied with other content; a retry must repeat the same request`,
    ),
  insufficient: (code: string, available: number, needed: number) =>
    DomainError.conflict(
      'ledger.insufficient_balance',
      `Account ${code} has ${available} available, ${needed} needed`,
      [{ field: code, message: `available ${available}, needed ${needed}` }],
    ),
  transferNotFound: (id: string) =>
    DomainError.notFound('ledger.transfer_not_found', `No ledger transfer ${id}`),
  notReservation: (id: string) =>
    DomainError.conflict('ledger.not_pending', `Transfer ${id} is not a reservation`),
  alreadyResolved: (id: string, state: string) =>
    DomainError.conflict(
      'ledger.already_resolved',
      `Reservation ${id} is already ${state}; it is posted or voided exactly once`,
    ),
  expired: (id: string) =>
    DomainError.conflict('ledger.reservation_expired', `Reservation ${id} has expired`),
  exceedsReservation: (id: string, reserved: number, asked: number) =>
    DomainError.invalid(
      'ledger.exceeds_reservation',
      `Reservation ${id} holds ${reserved}; ${asked} cannot be posted`,
    ),
  notReversible: (id: string, why: string) =>
    DomainError.conflict('ledger.not_reversible', `Transfer ${id} cannot be reversed: ${why}`),
  alreadyReversed: (id: string, by: string) =>
    DomainError.conflict('ledger.already_reversed', `Transfer ${id} is already reversed by ${by}`),
  badCursor: () => DomainError.invalid('ledger.invalid_cursor', 'The statement cursor is not valid'),
  overflow: (value: string) =>
    DomainError.unavailable('ledger.amount_overflow', `Amount ${value} exceeds the safe integer range`),
};

/** Table names qualified by the service's schema. */
export interface LedgerTables {
  accounts: Sql;
  transfers: Sql;
  entries: Sql;
  daily: Sql;
}

export function ledgerTables(schema: string): LedgerTables {
  const s = quoteIdent(schema);
  return {
    accounts: sql.raw(`${s}.ledger_accounts`),
    transfers: sql.raw(`${s}.ledger_transfers`),
    entries: sql.raw(`${s}.ledger_entries`),
    daily: sql.raw(`${s}.ledger_daily_balances`),
  };
}

/**
 * The rows of a statement (ADR 0007's runner). `prepared` statements of the write path go one level below
 * it, as ADR 0007 allows where it pays: they run as named prepared statements on the transaction's
 * connection (public `QueryRunner.connect()` gives the driver client), parsed and planned once per
 * connection instead of on every posting.
 */
export async function ledgerRows<T>(db: Db, statement: Sql, prepared = false): Promise<T[]> {
  const runner = 'manager' in db ? db.manager.queryRunner : db.queryRunner;
  if (prepared && runner) {
    const client = (await runner.connect()) as {
      query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
    };
    const text = statement.text;
    const name = `ledger_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    return (await client.query({ name, text, values: [...statement.values] })).rows;
  }
  return queryRows<T>(db, statement);
}

export function assertTransaction(manager: EntityManager, what: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`Ledger ${what} outside a transaction: the posting must commit with the caller's change`);
  }
}

/** A bigint column (text from the driver) as a number, refused beyond the safe range. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw ledgerErrors.overflow(typeof value === 'string' ? value : String(n));
  return n;
}

export function checkAmount(amount: unknown, field: string): number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw ledgerErrors.invalid(`${field} must be a positive integer in the asset's smallest unit`, [
      { field, message: `got ${String(amount)}` },
    ]);
  }
  return amount;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkUuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw ledgerErrors.invalid(`${field} must be a UUID`, [{ field, message: `got ${String(value)}` }]);
  }
  return value.toLowerCase();
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date (`YYYY-MM-DD`) in the ledger's time zone. */
export function todayIn(timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date());
}

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 and 2026-13-01 are not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A calendar date, not after today: accounting is back-dated sometimes, never dated ahead. */
export function checkDate(value: unknown, field: string, today: string): string {
  if (!isCalendarDate(value)) {
    throw ledgerErrors.invalid(`${field} must be a date (YYYY-MM-DD)`, [{ field, message: String(value) }]);
  }
  if (value > today) {
    throw ledgerErrors.invalid(`${field} ${value} is in the future (today is ${today})`, [
      { field, message: 'future date' },
    ]);
  }
  return value;
}

/** A date column as `YYYY-MM-DD` (the driver gives a Date at local midnight or a string). */
export function dateText(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const d = value as Date;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** JSON with object keys sorted, so equal content hashes equally whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function contentHash(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('base64url');
}

/** A UUID derived from a name: the same reservation always gets the same posting id. */
export function derivedUuid(name: string): string {
  const h = createHash('sha256').update(`yiwang-ledger:${name}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function checkMetadata(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw ledgerErrors.invalid(`${field} must be an object`, [{ field, message: typeof value }]);
  }
  if (JSON.stringify(value).length > 8192) {
    throw ledgerErrors.invalid(`${field} is larger than 8 KiB`, [{ field, message: 'too large' }]);
  }
  return value as Record<string, unknown>;
}
