import type {
  LedgerBalance,
  LedgerStatement,
  MetadataTotal,
  StatementLine,
  TransferKind,
  TrialBalance,
  TrialBalanceTotal,
} from './ledger-types.js';
import { balanceOf } from './ledger-legs.js';
import {
  checkMetadata,
  checkUuid,
  isCalendarDate,
  ledgerErrors,
  num,
  ledgerRows,
  type LedgerDb,
  type LedgerTables,
} from './ledger-support.js';
import { sql } from '../database/sql.js';
import { pathWithinSql } from '../access/data-scope.js';

/** Any calendar date (reports may ask about tomorrow: the answer is today's balance). */
function reportDate(value: unknown, field: string): string {
  if (!isCalendarDate(value)) {
    throw ledgerErrors.invalid(`${field} must be a date (YYYY-MM-DD)`, [{ field, message: String(value) }]);
  }
  return value;
}

const optionalDate = (value: string | undefined, field: string) =>
  value === undefined ? null : reportDate(value, field);

/** A page size between 1 and 500 (50 when not given or not a number). */
export function pageLimit(limit: number | undefined): number {
  return typeof limit === 'number' && Number.isFinite(limit)
    ? Math.min(Math.max(Math.trunc(limit), 1), 500)
    : 50;
}

interface StatementCursor {
  a: string;
  k: [string, number, number];
}

function encodeCursor(c: StatementCursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(raw: string, accountId: string): [string, number, number] {
  try {
    if (raw.length > 512) throw new Error('long');
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as StatementCursor;
    const [day, seq, leg] = c.k;
    if (c.a !== accountId || !Number.isSafeInteger(seq) || !Number.isSafeInteger(leg))
      throw new Error('shape');
    return [reportDate(day, 'cursor'), seq, leg];
  } catch {
    throw ledgerErrors.badCursor();
  }
}

export class LedgerReports {
  constructor(private readonly t: LedgerTables) {}

  /** The balance now (posted, pending, available), or as of the end of an effective date (posted only). */
  async balance(db: LedgerDb, accountId: string, options: { asOf?: string } = {}): Promise<LedgerBalance> {
    const id = checkUuid(accountId, 'accountId');
    const asOf = optionalDate(options.asOf, 'asOf');
    const rows = await ledgerRows<Record<string, string>>(
      db,
      asOf === null
        ? sql`SELECT asset, normal_side, posted_debits, posted_credits, pending_debits, pending_credits, version
              FROM ${this.t.accounts} WHERE id = ${id}`
        : sql`SELECT a.asset, a.normal_side, h.posted_debits, h.posted_credits, 0 AS pending_debits,
                     0 AS pending_credits, NULL AS version
              FROM ${this.t.accounts} a LEFT JOIN LATERAL (
                SELECT posted_debits, posted_credits FROM ${this.t.daily}
                WHERE account_id = a.id AND day <= ${asOf}::date ORDER BY day DESC LIMIT 1) h ON true
              WHERE a.id = ${id}`,
    );
    const r = rows[0];
    if (!r) throw ledgerErrors.accountNotFound([id]);
    const sums = {
      normalSide: r.normal_side as 'debit' | 'credit',
      postedDebits: num(r.posted_debits),
      postedCredits: num(r.posted_credits),
      pendingDebits: num(r.pending_debits),
      pendingCredits: num(r.pending_credits),
    };
    return {
      accountId: id,
      asset: r.asset,
      ...sums,
      ...balanceOf(sums),
      asOf,
      version: r.version === null ? null : num(r.version),
    };
  }

  /**
   * An account's posted entries by effective date (then journal order) with a running balance, keyset
   * paged: each page starts from the cumulative balance at its cursor, so pages are exact however deep.
   */
  async statement(
    db: LedgerDb,
    accountId: string,
    options: { from?: string; to?: string; cursor?: string; limit?: number } = {},
  ): Promise<LedgerStatement> {
    const id = checkUuid(accountId, 'accountId');
    const from = optionalDate(options.from, 'from');
    const to = optionalDate(options.to, 'to');
    const limit = pageLimit(options.limit);
    if (from !== null && to !== null && from > to) {
      throw ledgerErrors.invalid(`from (${from}) is after to (${to})`, [
        { field: 'from', message: 'after to' },
      ]);
    }
    const cursor = options.cursor ? decodeCursor(options.cursor, id) : null;
    const [cursorDay, cursorSeq, cursorLeg] = cursor ?? [null, null, null];
    const [head] = await ledgerRows<Record<string, string | null>>(
      db,
      sql`SELECT a.normal_side, o.posted_debits AS od, o.posted_credits AS oc, c.posted_debits AS cd,
                 c.posted_credits AS cc, s.posted_debits AS sd, s.posted_credits AS sc
          FROM ${this.t.accounts} a
          LEFT JOIN LATERAL (SELECT posted_debits, posted_credits FROM ${this.t.daily}
            WHERE account_id = a.id AND day < ${from}::date ORDER BY day DESC LIMIT 1) o ON true
          LEFT JOIN LATERAL (SELECT posted_debits, posted_credits FROM ${this.t.daily}
            WHERE account_id = a.id AND day <= COALESCE(${to}::date, 'infinity') ORDER BY day DESC LIMIT 1) c ON true
          LEFT JOIN LATERAL (
            SELECT COALESCE(p.posted_debits, 0) + COALESCE(q.d, 0) AS posted_debits,
                   COALESCE(p.posted_credits, 0) + COALESCE(q.c, 0) AS posted_credits
            FROM (SELECT 1) one
            LEFT JOIN LATERAL (SELECT posted_debits, posted_credits FROM ${this.t.daily}
              WHERE account_id = a.id AND day < ${cursorDay}::date ORDER BY day DESC LIMIT 1) p ON true
            LEFT JOIN LATERAL (SELECT sum(greatest(amount, 0)) AS d, sum(greatest(-amount, 0)) AS c
              FROM ${this.t.entries} WHERE account_id = a.id AND NOT pending AND effective_date = ${cursorDay}::date
                AND (transfer_seq, leg) <= (${cursorSeq}::bigint, ${cursorLeg}::int)) q ON true
            WHERE ${cursorDay}::date IS NOT NULL) s ON true
          WHERE a.id = ${id}`,
    );
    if (!head) throw ledgerErrors.accountNotFound([id]);
    const side = head.normal_side as 'debit' | 'credit';
    const net = (d: unknown, c: unknown) => (side === 'debit' ? num(d) - num(c) : num(c) - num(d));
    const lines = await ledgerRows<Record<string, unknown>>(
      db,
      sql`SELECT e.effective_date::text AS day, e.transfer_seq, e.leg, e.amount, t.id, t.kind, t.created_at,
                 t.reverses, t.pending_id, t.metadata
          FROM ${this.t.entries} e JOIN ${this.t.transfers} t ON t.seq = e.transfer_seq
          WHERE e.account_id = ${id} AND NOT e.pending
            AND (e.effective_date, e.transfer_seq, e.leg)
                > (${cursorDay ?? from ?? '-infinity'}::date, ${cursorSeq ?? 0}::bigint, ${cursorLeg ?? 0}::int)
            AND e.effective_date <= COALESCE(${to}::date, 'infinity')
          ORDER BY e.effective_date, e.transfer_seq, e.leg LIMIT ${limit + 1}`,
    );
    let running = cursor ? net(head.sd, head.sc) : net(head.od, head.oc);
    const page: StatementLine[] = lines.slice(0, limit).map((r) => {
      const amount = num(r.amount);
      running += side === 'debit' ? amount : -amount;
      return {
        transferId: r.id as string,
        seq: num(r.transfer_seq),
        leg: num(r.leg),
        kind: r.kind as TransferKind,
        effectiveDate: r.day as string,
        createdAt: r.created_at as Date,
        debit: amount > 0 ? amount : 0,
        credit: amount < 0 ? -amount : 0,
        balance: running,
        reverses: (r.reverses as string | null) ?? null,
        pendingId: (r.pending_id as string | null) ?? null,
        metadata: r.metadata as Record<string, unknown>,
      };
    });
    const last = page[page.length - 1];
    return {
      accountId: id,
      from,
      to,
      openingBalance: net(head.od, head.oc),
      closingBalance: net(head.cd, head.cc),
      periodDebits: num(head.cd) - num(head.od),
      periodCredits: num(head.cc) - num(head.oc),
      lines: page,
      nextCursor:
        lines.length > limit && last
          ? encodeCursor({ a: id, k: [last.effectiveDate, last.seq, last.leg] })
          : null,
    };
  }

  /**
   * Net balance of every account with postings, in the unit's subtree (all units when omitted), as of the
   * end of a date (now when omitted), with debit and credit totals per asset.
   */
  async trialBalance(
    db: LedgerDb,
    options: { unitPath?: string; asOf?: string; asset?: string } = {},
  ): Promise<TrialBalance> {
    const asOf = optionalDate(options.asOf, 'asOf');
    const where = [
      ...(options.unitPath !== undefined ? [pathWithinSql('a.unit_path', options.unitPath)] : []),
      ...(options.asset !== undefined ? [sql`a.asset = ${options.asset}`] : []),
    ];
    const rows = await ledgerRows<Record<string, string>>(
      db,
      asOf === null
        ? sql`SELECT a.id, a.code, a.name, a.kind, a.asset, a.unit_path, a.posted_debits AS d, a.posted_credits AS c
              FROM ${this.t.accounts} a WHERE ${sql.and(where)} ORDER BY a.unit_path, a.code`
        : sql`SELECT a.id, a.code, a.name, a.kind, a.asset, a.unit_path, h.posted_debits AS d, h.posted_credits AS c
              FROM ${this.t.accounts} a
              JOIN LATERAL (SELECT posted_debits, posted_credits FROM ${this.t.daily}
                WHERE account_id = a.id AND day <= ${asOf}::date ORDER BY day DESC LIMIT 1) h ON true
              WHERE ${sql.and(where)} ORDER BY a.unit_path, a.code`,
    );
    const totals = new Map<string, TrialBalanceTotal>();
    const out = rows
      .filter((r) => num(r.d) !== 0 || num(r.c) !== 0)
      .map((r) => {
        const net = num(r.d) - num(r.c);
        const total = totals.get(r.asset) ?? { asset: r.asset, debits: 0, credits: 0, balanced: true };
        total.debits += Math.max(net, 0);
        total.credits += Math.max(-net, 0);
        totals.set(r.asset, total);
        return {
          accountId: r.id,
          code: r.code,
          name: r.name,
          kind: r.kind as TrialBalance['rows'][number]['kind'],
          asset: r.asset,
          unitPath: r.unit_path ?? null,
          debit: Math.max(net, 0),
          credit: Math.max(-net, 0),
        };
      });
    for (const total of totals.values()) total.balanced = total.debits === total.credits;
    return {
      unitPath: options.unitPath ?? null,
      asOf,
      rows: out,
      totals: [...totals.values()].sort((a, b) => (a.asset < b.asset ? -1 : 1)),
    };
  }

  /**
   * Posted debits and credits per account of the transfers whose metadata contains `match` ("spending
   * on grid G", "what decision D cost"); reversals carry the reversed transfer's metadata, so they net out.
   */
  async totalsByMetadata(
    db: LedgerDb,
    options: { match: Record<string, unknown>; from?: string; to?: string },
  ): Promise<MetadataTotal[]> {
    const match = checkMetadata(options.match, 'match');
    if (Object.keys(match).length === 0) throw ledgerErrors.invalid('match names at least one key');
    const from = optionalDate(options.from, 'from');
    const to = optionalDate(options.to, 'to');
    const rows = await ledgerRows<Record<string, string>>(
      db,
      sql`SELECT a.id, a.code, a.kind, a.asset, sum(greatest(e.amount, 0)) AS d, sum(greatest(-e.amount, 0)) AS c
          FROM ${this.t.transfers} t
          JOIN ${this.t.entries} e ON e.transfer_seq = t.seq AND NOT e.pending
          JOIN ${this.t.accounts} a ON a.id = e.account_id
          WHERE t.metadata @> ${JSON.stringify(match)}::jsonb
            AND e.effective_date >= COALESCE(${from}::date, '-infinity')
            AND e.effective_date <= COALESCE(${to}::date, 'infinity')
          GROUP BY a.id ORDER BY a.code`,
    );
    return rows.map((r) => ({
      accountId: r.id,
      code: r.code,
      kind: r.kind as MetadataTotal['kind'],
      asset: r.asset,
      debits: num(r.d),
      credits: num(r.c),
    }));
  }
}
