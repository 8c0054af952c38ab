import type { DataSource } from 'typeorm';
import type { LedgerDifference, LedgerVerification, VerificationCheck } from './ledger-types.js';
import { sql } from '../database/sql.js';
import { ledgerRows, num, type LedgerDb, type LedgerTables } from './ledger-support.js';

export interface VerifyOptions {
  /** Transfers per step of the journal walk (by position). */
  transferBatch?: number;
  /** Accounts per step of the account walk (by code). */
  accountBatch?: number;
  /** Stop after this many differences (1: the first one only). */
  maxDifferences?: number;
  onProgress?: (progress: {
    phase: 'transfers' | 'accounts';
    transfers: number;
    entries: number;
    accounts: number;
  }) => void;
}

/**
 * Recomputes the ledger from its entries in one read-only snapshot, in batches (flat memory whatever its
 * size), naming differences in order (transfers by journal position, then accounts by code): every transfer balances per asset and has the shape of its kind, reversals mirror what they
 * reverse, postings fit their reservation, reservation states agree with their postings; then every
 * account's posted and pending balances and its daily balances equal the sums of its entries.
 */
export class LedgerVerifier {
  constructor(private readonly t: LedgerTables) {}

  /**
   * The journal walk and the account walk run side by side on two connections that share one exported
   * snapshot (`pg_export_snapshot`), so they see the same ledger and use two server cores.
   */
  async verify(dataSource: DataSource, options: VerifyOptions = {}): Promise<LedgerVerification> {
    const started = performance.now();
    const runners = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
    try {
      for (const runner of runners) {
        await runner.connect();
        await runner.startTransaction('REPEATABLE READ');
      }
      const [{ snapshot }] = await ledgerRows<{ snapshot: string }>(
        runners[0].manager,
        sql`SELECT pg_export_snapshot() AS snapshot`,
      );
      await runners[1].query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/[^0-9A-F-]/gi, '')}'`);
      for (const runner of runners) await runner.query('SET TRANSACTION READ ONLY');
      const max = options.maxDifferences ?? 20;
      const progress = { transfers: 0, entries: 0, accounts: 0 };
      const report = (phase: 'transfers' | 'accounts') => options.onProgress?.({ phase, ...progress });
      const [journal, accounts] = await Promise.all([
        this.walkTransfers(runners[0].manager, options.transferBatch ?? 50_000, max, progress, report),
        this.walkAccounts(runners[1].manager, options.accountBatch ?? 500, max, progress, report),
      ]);
      for (const runner of runners) await runner.commitTransaction();
      const differences = [...journal, ...accounts].slice(0, max);
      return { ok: differences.length === 0, ...progress, differences, millis: performance.now() - started };
    } finally {
      for (const runner of runners) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        await runner.release();
      }
    }
  }

  private async walkTransfers(
    db: LedgerDb,
    step: number,
    max: number,
    progress: { transfers: number; entries: number },
    report: (phase: 'transfers') => void,
  ): Promise<LedgerDifference[]> {
    const differences: LedgerDifference[] = [];
    const [{ last }] = await ledgerRows<{ last: string | null }>(
      db,
      sql`SELECT max(seq) AS last FROM ${this.t.transfers}`,
    );
    for (let lo = 1; lo <= num(last) && differences.length < max; lo += step) {
      const batch = await this.transfers(db, lo, lo + step);
      progress.transfers += batch.transfers;
      progress.entries += batch.entries;
      differences.push(...batch.differences.slice(0, max - differences.length));
      report('transfers');
    }
    return differences;
  }

  private async walkAccounts(
    db: LedgerDb,
    size: number,
    max: number,
    progress: { accounts: number },
    report: (phase: 'accounts') => void,
  ): Promise<LedgerDifference[]> {
    const differences: LedgerDifference[] = [];
    let after = '';
    while (differences.length < max) {
      const batch = await this.accounts(db, after, size);
      if (batch.count === 0) break;
      progress.accounts += batch.count;
      after = batch.last;
      differences.push(...batch.differences.slice(0, max - differences.length));
      report('accounts');
    }
    return differences;
  }

  /**
   * Transfers with positions in [lo, hi). One merge of the range's transfers with their entries (both read
   * in key order) returns only what needs a closer look — a transfer whose legs do not add up or do not
   * fit its kind, one booking several assets, a reservation, posting or reversal — plus the range's
   * counts; those few are then checked against the transfers they refer to.
   */
  private async transfers(
    db: LedgerDb,
    lo: number,
    hi: number,
  ): Promise<{ transfers: number; entries: number; differences: LedgerDifference[] }> {
    const { transfers: T, entries: E, accounts: A } = this.t;
    const rows = await ledgerRows<SpanRow>(
      db,
      sql`SELECT * FROM (
         SELECT t.seq, t.id, t.kind, t.state, e.net, e.legs, e.mixed, e.all_pending, e.any_pending,
                count(*) OVER () AS transfers, sum(e.legs) OVER () AS entries, row_number() OVER () AS n
         FROM ${T} t LEFT JOIN (
           SELECT e.transfer_seq, sum(e.amount) AS net, count(*) AS legs, min(a.asset) <> max(a.asset) AS mixed,
                  bool_and(e.pending) AS all_pending, bool_or(e.pending) AS any_pending
           FROM ${E} e JOIN ${A} a ON a.id = e.account_id
           WHERE e.transfer_seq >= ${lo} AND e.transfer_seq < ${hi} GROUP BY e.transfer_seq) e ON e.transfer_seq = t.seq
         WHERE t.seq >= ${lo} AND t.seq < ${hi}) x
       WHERE n = 1 OR kind <> 'transfer' OR legs IS NULL OR legs < 2 OR mixed OR net <> 0
          OR all_pending <> (kind = 'reservation') OR any_pending <> (kind = 'reservation')
       ORDER BY seq`,
    );
    const differences: Problem[] = [];
    for (const r of rows) {
      const legs = num(r.legs);
      const pending = r.kind === 'reservation';
      if (legs < 2 || r.all_pending !== pending || r.any_pending !== pending) {
        const why = legs < 2 ? 'fewer than two' : 'pending legs do not match its kind';
        differences.push({
          seq: num(r.seq),
          id: r.id,
          check: 'transfer_shape',
          message: `${r.kind} ${r.id} has ${legs} legs, ${why}`,
        });
      }
      if (legs > 0 && !r.mixed && num(r.net) !== 0) {
        differences.push({
          seq: num(r.seq),
          id: r.id,
          check: 'transfer_unbalanced',
          message: `transfer ${r.id} does not balance: debits exceed credits by ${num(r.net)}`,
        });
      }
    }
    const seqs = (which: (r: SpanRow) => boolean) => rows.filter(which).map((r) => r.seq);
    differences.push(
      ...(await this.links(
        db,
        seqs((r) => r.mixed === true),
        seqs((r) => r.kind !== 'transfer'),
      )),
    );
    differences.sort((x, y) => x.seq - y.seq || (x.check < y.check ? -1 : 1));
    return {
      transfers: num(rows[0]?.transfers),
      entries: num(rows[0]?.entries),
      differences: differences.map((d) => ({ check: d.check, message: d.message, transferId: d.id })),
    };
  }

  /** Several-asset transfers balance per asset; reservations, postings and reversals agree with each other. */
  private async links(db: LedgerDb, mixed: string[], linked: string[]): Promise<Problem[]> {
    if (mixed.length === 0 && linked.length === 0) return [];
    const { transfers: T, entries: E, accounts: A } = this.t;
    return ledgerRows<Problem>(
      db,
      sql`WITH span AS (SELECT seq, id, kind, state, pending_id, reverses FROM ${T} WHERE seq = ANY(${linked}::bigint[]))
       SELECT t.seq, t.id, 'transfer_unbalanced' AS check,
              format('%s of transfer %s does not balance: debits exceed credits by %s', a.asset, t.id, sum(e.amount)) AS message
       FROM ${T} t JOIN ${E} e ON e.transfer_seq = t.seq JOIN ${A} a ON a.id = e.account_id
       WHERE t.seq = ANY(${mixed}::bigint[]) GROUP BY t.seq, t.id, a.asset HAVING sum(e.amount) <> 0
       UNION ALL
       SELECT r.seq, r.id, 'reservation_state', format('reservation %s is %s but %s', r.id, r.state,
              CASE WHEN p.id IS NULL THEN 'no posting exists' ELSE 'posting ' || p.id || ' exists' END)
       FROM span r LEFT JOIN ${T} p ON p.pending_id = r.id
       WHERE r.kind = 'reservation' AND (r.state = 'posted') <> (p.id IS NOT NULL)
       UNION ALL
       SELECT r.seq, r.id, 'reversal_mismatch', format('reversal %s does not mirror %s', r.id, o.id)
       FROM span r JOIN ${T} o ON o.id = r.reverses
       WHERE r.kind = 'reversal' AND (o.kind = 'reservation' OR o.seq >= r.seq OR EXISTS (
         SELECT 1 FROM (SELECT account_id, amount FROM ${E} WHERE transfer_seq = r.seq
                        UNION ALL SELECT account_id, amount FROM ${E} WHERE transfer_seq = o.seq) x
         GROUP BY account_id HAVING sum(amount) <> 0))
       UNION ALL
       SELECT p.seq, p.id, 'post_mismatch', format('posting %s does not fit reservation %s (%s)', p.id, r.id, r.state)
       FROM span p JOIN ${T} r ON r.id = p.pending_id
       WHERE p.kind = 'post' AND (r.kind <> 'reservation' OR r.state <> 'posted' OR r.seq >= p.seq OR EXISTS (
         SELECT 1 FROM (SELECT account_id, amount FROM ${E} WHERE transfer_seq = p.seq) pe
         FULL JOIN (SELECT account_id, amount FROM ${E} WHERE transfer_seq = r.seq) re USING (account_id)
         WHERE pe.amount IS NULL OR re.amount IS NULL OR sign(pe.amount) <> sign(re.amount)
            OR abs(pe.amount) > abs(re.amount)))`,
    ).then((rows) => rows.map((r) => ({ ...r, seq: num(r.seq) })));
  }

  /** Accounts after `after` by code: stored balances and daily balances against the sums of entries. */
  private async accounts(
    db: LedgerDb,
    after: string,
    size: number,
  ): Promise<{ count: number; last: string; differences: LedgerDifference[] }> {
    const { transfers: T, entries: E, accounts: A, daily: D } = this.t;
    const rows = await ledgerRows<Record<string, string | null>>(
      db,
      // Per account (a nested loop of index scans, in key order, no large sort or hash): its posted
      // entries summed per day and running, beside its stored daily balances; its pending entries.
      sql`WITH acc AS (
         SELECT id, code, posted_debits, posted_credits, pending_debits, pending_credits
         FROM ${A} WHERE code > ${after} ORDER BY code LIMIT ${size})
       SELECT acc.id, acc.code, acc.posted_debits, acc.posted_credits, acc.pending_debits, acc.pending_credits,
              v.td, v.tc, v.bad_day::text AS bad_day, p.nd, p.nc
       FROM acc
       CROSS JOIN LATERAL (
         SELECT sum(x.d) AS td, sum(x.c) AS tc, min(x.day) FILTER (WHERE x.bad) AS bad_day
         FROM (
           SELECT r.d, r.c, COALESCE(r.day, s.day) AS day,
                  sum(r.d) OVER w IS DISTINCT FROM s.posted_debits
                    OR sum(r.c) OVER w IS DISTINCT FROM s.posted_credits AS bad
           FROM (SELECT effective_date AS day, sum(greatest(amount, 0)) AS d, sum(greatest(-amount, 0)) AS c
                 FROM ${E} WHERE account_id = acc.id AND NOT pending GROUP BY effective_date) r
           FULL JOIN (SELECT day, posted_debits, posted_credits FROM ${D} WHERE account_id = acc.id) s
             ON s.day = r.day
           WINDOW w AS (ORDER BY COALESCE(r.day, s.day))) x) v
       CROSS JOIN LATERAL (
         SELECT sum(greatest(e.amount, 0)) AS nd, sum(greatest(-e.amount, 0)) AS nc
         FROM ${E} e JOIN ${T} t ON t.seq = e.transfer_seq AND t.state = 'pending'
         WHERE e.account_id = acc.id AND e.pending) p
       ORDER BY acc.code`,
    );
    const differences: LedgerDifference[] = [];
    for (const r of rows) {
      const expected = {
        postedDebits: num(r.td),
        postedCredits: num(r.tc),
        pendingDebits: num(r.nd),
        pendingCredits: num(r.nc),
      };
      const actual = {
        postedDebits: num(r.posted_debits),
        postedCredits: num(r.posted_credits),
        pendingDebits: num(r.pending_debits),
        pendingCredits: num(r.pending_credits),
      };
      const differs = (Object.keys(expected) as (keyof typeof expected)[]).filter(
        (k) => expected[k] !== actual[k],
      );
      if (differs.length) {
        differences.push(
          this.accountDifference(
            'account_balance',
            r,
            expected,
            actual,
            `account ${r.code}: stored ${differs.join(', ')} differ from its entries`,
          ),
        );
      }
      if (r.bad_day) {
        const [day] = await ledgerRows<Record<string, string | null>>(
          db,
          sql`SELECT sum(greatest(amount, 0)) AS cd, sum(greatest(-amount, 0)) AS cc,
                  (SELECT posted_debits FROM ${D} WHERE account_id = ${r.id} AND day = ${r.bad_day}::date) AS sd,
                  (SELECT posted_credits FROM ${D} WHERE account_id = ${r.id} AND day = ${r.bad_day}::date) AS sc
           FROM ${E} WHERE account_id = ${r.id} AND NOT pending AND effective_date <= ${r.bad_day}::date`,
        );
        differences.push({
          ...this.accountDifference(
            'daily_balance',
            r,
            { postedDebits: num(day.cd), postedCredits: num(day.cc) },
            { postedDebits: num(day.sd), postedCredits: num(day.sc) },
            `account ${r.code}: daily balance of ${r.bad_day} differs from its entries`,
          ),
          day: r.bad_day,
        });
      }
    }
    return { count: rows.length, last: rows[rows.length - 1]?.code ?? after, differences };
  }

  private accountDifference(
    check: VerificationCheck,
    r: Record<string, string | null>,
    expected: Record<string, number>,
    actual: Record<string, number>,
    message: string,
  ): LedgerDifference {
    return { check, message, accountId: r.id!, accountCode: r.code!, expected, actual };
  }
}

interface SpanRow {
  seq: string;
  id: string;
  kind: string;
  state: string;
  net: string | null;
  legs: string | null;
  mixed: boolean | null;
  all_pending: boolean | null;
  any_pending: boolean | null;
  transfers: string;
  entries: string | null;
}

interface Problem {
  seq: number;
  id: string;
  check: VerificationCheck;
  message: string;
}
