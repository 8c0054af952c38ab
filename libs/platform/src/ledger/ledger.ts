import type { DataSource, EntityManager } from 'typeorm';
import { quoteIdent } from '../database/data-source.js';
import type {
  LedgerAccount,
  LedgerBalance,
  LedgerStatement,
  LedgerTransfer,
  LedgerVerification,
  MetadataTotal,
  OpenAccountInput,
  PostInput,
  ReserveInput,
  ReverseInput,
  TransferInput,
  TrialBalance,
  VoidInput,
} from './ledger-types.js';
import { LedgerAccounts } from './ledger-accounts.js';
import { LedgerJournal, type JournalPage, type JournalQuery } from './ledger-journal.js';
import { LedgerPostings } from './ledger-postings.js';
import { LedgerReports } from './ledger-reports.js';
import { loadTransfer, transferView } from './ledger-store.js';
import { checkUuid, ledgerTables, type LedgerDb, type LedgerTables } from './ledger-support.js';
import { LedgerVerifier, type VerifyOptions } from './ledger-verify.js';

export interface LedgerOptions {
  /** The service's schema, where its migrations created the ledger tables (`LedgerTables…`). */
  schema: string;
  /** Whose calendar decides "today" for effective dates. */
  timeZone?: string;
}

/**
 * A double-entry ledger in one service's schema (ADR 0009). Writes take the caller's transaction's
 * `EntityManager`, so the posting commits or rolls back with the caller's own change and outbox event;
 * they refuse to run outside one. Make one ledger write per transaction (or one multi-leg transfer):
 * locks are ordered within a call, not across calls.
 *
 * Refusals are `DomainError`s with `ledger.*` codes (`ledger.insufficient_balance`, `ledger.id_reused` …).
 */
export class Ledger {
  private readonly tables: LedgerTables;
  private readonly accounts: LedgerAccounts;
  private readonly postings: LedgerPostings;
  private readonly reports: LedgerReports;
  private readonly verifier: LedgerVerifier;
  private readonly journal: LedgerJournal;

  constructor(options: LedgerOptions) {
    quoteIdent(options.schema);
    this.tables = ledgerTables(options.schema);
    this.accounts = new LedgerAccounts(this.tables);
    this.postings = new LedgerPostings(this.tables, options.timeZone ?? 'Asia/Shanghai');
    this.reports = new LedgerReports(this.tables);
    this.verifier = new LedgerVerifier(this.tables);
    this.journal = new LedgerJournal(this.tables);
  }

  /** Opens an account, or returns it when it exists with the same definition (idempotent by code). */
  openAccount(db: LedgerDb, input: OpenAccountInput): Promise<LedgerAccount> {
    return this.accounts.open(db, input);
  }

  account(db: LedgerDb, id: string): Promise<LedgerAccount> {
    return this.accounts.byId(db, id);
  }

  accountByCode(db: LedgerDb, code: string): Promise<LedgerAccount | null> {
    return this.accounts.byCode(db, code);
  }

  accountsByCode(db: LedgerDb, codes: readonly string[]): Promise<Map<string, LedgerAccount>> {
    return this.accounts.byCodes(db, codes);
  }

  /** Posts a balanced transfer now; a retry with the same id and content returns it (`replayed`). */
  transfer(m: EntityManager, input: TransferInput): Promise<LedgerTransfer> {
    return this.postings.transfer(m, input);
  }

  /** Holds amounts (pending) until posted, voided or expired; held debits count against what is available. */
  reserve(m: EntityManager, input: ReserveInput): Promise<LedgerTransfer> {
    return this.postings.reserve(m, input);
  }

  post(m: EntityManager, pendingId: string, input?: PostInput): Promise<LedgerTransfer> {
    return this.postings.post(m, pendingId, input);
  }

  void(m: EntityManager, pendingId: string, input?: VoidInput): Promise<LedgerTransfer> {
    return this.postings.void(m, pendingId, input);
  }

  /** Expires overdue reservations (at most `limit`); call until it returns 0. Safe to run anywhere, any time. */
  expireDue(m: EntityManager, options?: { asOf?: Date; limit?: number }): Promise<number> {
    return this.postings.expireDue(m, options);
  }

  reverse(m: EntityManager, transferId: string, input: ReverseInput): Promise<LedgerTransfer> {
    return this.postings.reverse(m, transferId, input);
  }

  async getTransfer(db: LedgerDb, id: string): Promise<LedgerTransfer | null> {
    const stored = await loadTransfer(db, this.tables, checkUuid(id, 'transferId'));
    return stored ? transferView(stored, false) : null;
  }

  /** The journal, newest first, keyset paged, filtered by metadata (`@>`), kind and effective dates. */
  transfers(db: LedgerDb, query?: JournalQuery): Promise<JournalPage> {
    return this.journal.list(db, query);
  }

  balance(db: LedgerDb, accountId: string, options?: { asOf?: string }): Promise<LedgerBalance> {
    return this.reports.balance(db, accountId, options);
  }

  statement(
    db: LedgerDb,
    accountId: string,
    options?: { from?: string; to?: string; cursor?: string; limit?: number },
  ): Promise<LedgerStatement> {
    return this.reports.statement(db, accountId, options);
  }

  trialBalance(
    db: LedgerDb,
    options?: { unitPath?: string; asOf?: string; asset?: string },
  ): Promise<TrialBalance> {
    return this.reports.trialBalance(db, options);
  }

  totalsByMetadata(
    db: LedgerDb,
    options: { match: Record<string, unknown>; from?: string; to?: string },
  ): Promise<MetadataTotal[]> {
    return this.reports.totalsByMetadata(db, options);
  }

  /** Recomputes everything from the entries in one snapshot; `ok` false names what differs, first first. */
  verify(dataSource: DataSource, options?: VerifyOptions): Promise<LedgerVerification> {
    return this.verifier.verify(dataSource, options);
  }
}
