/**
 * The ledger's vocabulary. Amounts are integers in the asset's smallest unit (fen, minutes, points),
 * carried as JavaScript numbers and checked to be safe integers on the way in and out: 2^53 fen is
 * 90 trillion yuan, far beyond any balance here, and numbers serialise to JSON as they are.
 */

/** Assets the platform books. Any `[A-Z][A-Z0-9_]+` code works; these are the ones services use. */
export const LEDGER_ASSETS = {
  /** Renminbi in fen (分): 1 yuan = 100. */
  cnyFen: 'CNY_FEN',
  /** Volunteer service time in minutes. */
  hoursMin: 'HOURS_MIN',
  /** Volunteer points. */
  points: 'POINTS',
} as const;

export type LedgerAsset = (typeof LEDGER_ASSETS)[keyof typeof LEDGER_ASSETS] | (string & {});

/** The five classes of account; the class fixes the side a balance is normally on. */
export const ACCOUNT_KINDS = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export type LedgerAccountKind = (typeof ACCOUNT_KINDS)[number];
export type LedgerSide = 'debit' | 'credit';

export function normalSideOf(kind: LedgerAccountKind): LedgerSide {
  return kind === 'asset' || kind === 'expense' ? 'debit' : 'credit';
}

export interface OpenAccountInput {
  /** Omit to have one generated; given, it must be a UUID. */
  id?: string;
  /** Unique within the ledger, chosen by the service (e.g. `fund:440106001002:service:activities`). */
  code: string;
  /** What people read in statements and reports. */
  name: string;
  kind: LedgerAccountKind;
  asset: LedgerAsset;
  /**
   * May the balance go below zero (on its normal side)? Sources such as "appropriations from the city"
   * or "hours recorded" may; a fund or a volunteer's points may not (the default).
   */
  allowNegative?: boolean;
  /** The unit the account belongs to, as a materialized path (`44.4401.440106`), for scoped reports. */
  unitPath?: string | null;
  /** Whatever the service wants to find the account by (fund, purpose, volunteer id …). */
  metadata?: Record<string, unknown>;
}

export interface LedgerAccount {
  id: string;
  code: string;
  name: string;
  kind: LedgerAccountKind;
  asset: string;
  normalSide: LedgerSide;
  allowNegative: boolean;
  unitPath: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

/** One leg of a multi-leg transfer. */
export interface LegInput {
  account: string;
  side: LedgerSide;
  amount: number;
}

interface TransferCommon {
  /** The caller's idempotency key: the same id with the same content applies once. */
  id: string;
  /** What the transfer serves (unit, grid, case, activity, project, decision …); indexed for `@>` queries. */
  metadata?: Record<string, unknown>;
  /** Accounting date (`YYYY-MM-DD`), today in the ledger's time zone when omitted; never in the future. */
  effectiveDate?: string;
  /** When given, every account must book this asset. */
  asset?: LedgerAsset;
}

/** A simple transfer from one account to another: debit `debit`, credit `credit` by `amount`. */
export interface PairTransferInput extends TransferCommon {
  debit: string;
  credit: string;
  amount: number;
}

/** A journal entry of several legs; debits equal credits for each asset. */
export interface LegsTransferInput extends TransferCommon {
  legs: readonly LegInput[];
}

export type TransferInput = PairTransferInput | LegsTransferInput;

/** A reservation holds the amount against the debited (or credited) accounts until posted, voided or expired. */
export type ReserveInput = TransferInput &
  ({ expiresAt: Date; timeoutSeconds?: never } | { timeoutSeconds: number; expiresAt?: never });

export interface PostInput {
  /** The posting transfer's id; derived from the reservation's when omitted. */
  id?: string;
  /** At most the reserved amount; the whole of it when omitted. Only a two-leg reservation can be posted in part. */
  amount?: number;
  effectiveDate?: string;
  /** Added to the reservation's metadata on the posting transfer. */
  metadata?: Record<string, unknown>;
}

export interface VoidInput {
  /** Why (stored with the reservation's resolution). */
  reason?: string;
  metadata?: Record<string, unknown>;
}

export interface ReverseInput {
  /** The reversing transfer's id (the caller's idempotency key). */
  id: string;
  /** Today when omitted: a correction is booked when it is made. */
  effectiveDate?: string;
  /** Added to the reversed transfer's metadata, so totals by metadata net the correction out. */
  metadata?: Record<string, unknown>;
}

export type TransferKind = 'transfer' | 'reservation' | 'post' | 'reversal';
export type TransferState = 'posted' | 'pending' | 'voided' | 'expired';

export interface LedgerLeg {
  account: string;
  side: LedgerSide;
  amount: number;
}

export interface LedgerTransfer {
  id: string;
  /** Position in the journal (commit order is not guaranteed to follow it). */
  seq: number;
  kind: TransferKind;
  state: TransferState;
  legs: LedgerLeg[];
  effectiveDate: string;
  createdAt: Date;
  expiresAt: Date | null;
  resolvedAt: Date | null;
  /** The reservation a `post` transfer posts. */
  pendingId: string | null;
  /** The transfer a `reversal` reverses. */
  reverses: string | null;
  metadata: Record<string, unknown>;
  resolution: Record<string, unknown> | null;
  /**
   * True when this call found the transfer already applied (a retry) and changed nothing: a caller that
   * writes its own events next to the posting must not write them again.
   */
  replayed: boolean;
}

export interface LedgerBalance {
  accountId: string;
  asset: string;
  normalSide: LedgerSide;
  postedDebits: number;
  postedCredits: number;
  pendingDebits: number;
  pendingCredits: number;
  /** Posted balance on the normal side (debits − credits for a debit account). */
  balance: number;
  /** What can still be taken: the balance less pending amounts that would reduce it. */
  available: number;
  /** Set when read as of a date: only posted amounts exist in the past. */
  asOf: string | null;
  /** Moves with every change of the account's balances (current reads only). */
  version: number | null;
}

export interface StatementLine {
  transferId: string;
  seq: number;
  leg: number;
  kind: TransferKind;
  effectiveDate: string;
  createdAt: Date;
  debit: number;
  credit: number;
  /** Running balance on the account's normal side after this line. */
  balance: number;
  reverses: string | null;
  pendingId: string | null;
  metadata: Record<string, unknown>;
}

export interface LedgerStatement {
  accountId: string;
  from: string | null;
  to: string | null;
  /** Balance before the first line of the period (not of the page). */
  openingBalance: number;
  /** Balance at the end of the period. */
  closingBalance: number;
  periodDebits: number;
  periodCredits: number;
  lines: StatementLine[];
  nextCursor: string | null;
}

export interface TrialBalanceRow {
  accountId: string;
  code: string;
  name: string;
  kind: LedgerAccountKind;
  asset: string;
  unitPath: string | null;
  /** The net balance shown in the debit column (debit balances) or the credit column (credit balances). */
  debit: number;
  credit: number;
}

export interface TrialBalanceTotal {
  asset: string;
  debits: number;
  credits: number;
  /** Debits equal credits. Always true for the whole ledger; for one unit, only if it trades with itself. */
  balanced: boolean;
}

export interface TrialBalance {
  unitPath: string | null;
  asOf: string | null;
  rows: TrialBalanceRow[];
  totals: TrialBalanceTotal[];
}

export interface MetadataTotal {
  accountId: string;
  code: string;
  kind: LedgerAccountKind;
  asset: string;
  debits: number;
  credits: number;
}

export type VerificationCheck =
  | 'transfer_unbalanced'
  | 'transfer_shape'
  | 'reservation_state'
  | 'reversal_mismatch'
  | 'post_mismatch'
  | 'account_balance'
  | 'daily_balance';

export interface LedgerDifference {
  check: VerificationCheck;
  message: string;
  transferId?: string;
  accountId?: string;
  accountCode?: string;
  day?: string;
  expected?: Record<string, number>;
  actual?: Record<string, number>;
}

export interface LedgerVerification {
  ok: boolean;
  accounts: number;
  transfers: number;
  entries: number;
  /** In the order found: transfers by journal position, then accounts by code. */
  differences: LedgerDifference[];
  /** Wall time of the walk. */
  millis: number;
}
