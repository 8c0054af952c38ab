import type { DataSource } from 'typeorm';
import type { LedgerDifference, LedgerVerification, VerificationCheck } from './ledger-types.js';
import { num, rowsOf, type LedgerDb, type LedgerTables } from './ledger-support.js';

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
 * size): every transfer balances per asset and has the shape of its kind, reversals mirror what they
 * reverse, postings fit their reservation, reservation states agree with their postings; then every
 * account's posted and pending balances and its daily balances equal the sums of its entries.
 */
export class LedgerVerifier {
  constructor(private readonly t: LedgerTables) {}

  async verify(dataSource: DataSource, options: VerifyOptions = {}): Promise<LedgerVerification> {
    const started = performance.now();
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const result = await this.walk(runner.manager, options);
      await runner.commitTransaction();
      return { ...result, millis: performance.now() - started };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async walk(db: LedgerDb, options: VerifyOptions): Promise<Omit<LedgerVerification, 'millis'>> {
    const max = options.maxDifferences ?? 20;
    const differences: LedgerDifference[] = [];
    const found = (d: LedgerDifference[]) => differences.push(...d.slice(0, max - differences.length));
    const progress = { transfers: 0, entries: 0, accounts: 0 };
    const step = options.transferBatch ?? 50_000;
    const [{ last }] = await rowsOf<{ last: string | null }>(
      db,
      `SELECT max(seq) AS last FROM ${this.t.transfers}`,
    );
    for (let lo = 1; lo <= num(last) && differences.length < max; lo += step) {
      const batch = await this.transfers(db, lo, lo + step, max);
      progress.transfers += batch.transfers;
      progress.entries += batch.entries;
      found(batch.differences);
      options.onProgress?.({ phase: 'transfers', ...progress });
    }
    let after = '';
    for (;;) {
      if (differences.length >= max) break;
      const batch = await this.accounts(db, after, options.accountBatch ?? 500);
      if (batch.count === 0) break;
      progress.accounts += batch.count;
      after = batch.last;
      found(batch.differences);
      options.onProgress?.({ phase: 'accounts', ...progress });
    }
    return { ok: differences.length === 0, ...progress, differences };
  }

  /** Transfers with positions in [lo, hi): balance per asset, shape by kind, links to other transfers. */
  private async transfers(
    db: LedgerDb,
    lo: number,
    hi: number,
    max: number,
  ): Promise<{ transfers: number; entries: number; differences: LedgerDifference[] }> {
    const { transfers: T, entries: E, accounts: A } = this.t;
    const [row] = await rowsOf<{ transfers: string; entries: string | null; problems: Problem[] | null }>(
      db,
      `WITH per_asset AS (
         SELECT e.transfer_seq, a.asset, sum(e.amount) AS net, count(*) AS legs,
                bool_and(e.pending) AS all_pending, bool_or(e.pending) AS any_pending
         FROM ${E} e JOIN ${A} a ON a.id = e.account_id
         WHERE e.transfer_seq >= $1 AND e.transfer_seq < $2 GROUP BY 1, 2),
       per AS (
         SELECT transfer_seq, sum(legs) AS legs, bool_and(all_pending) AS all_pending,
                bool_or(any_pending) AS any_pending, min(asset) FILTER (WHERE net <> 0) AS bad_asset,
                min(net) FILTER (WHERE net <> 0) AS bad_net
         FROM per_asset GROUP BY 1),
       span AS (SELECT * FROM ${T} WHERE seq >= $1 AND seq < $2),
       problems AS (
         SELECT t.seq, t.id, 'transfer_unbalanced' AS check,
                format('%s of transfer %s does not balance: debits exceed credits by %s', per.bad_asset, t.id, per.bad_net) AS message
         FROM span t JOIN per ON per.transfer_seq = t.seq WHERE per.bad_asset IS NOT NULL
         UNION ALL
         SELECT t.seq, t.id, 'transfer_shape',
                format('%s %s has %s legs, %s', t.kind, t.id, COALESCE(per.legs, 0),
                       CASE WHEN COALESCE(per.legs, 0) < 2 THEN 'fewer than two'
                            ELSE 'pending legs do not match its kind' END)
         FROM span t LEFT JOIN per ON per.transfer_seq = t.seq
         WHERE COALESCE(per.legs, 0) < 2 OR per.all_pending <> (t.kind = 'reservation')
            OR per.any_pending <> (t.kind = 'reservation')
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
              OR abs(pe.amount) > abs(re.amount))))
       SELECT (SELECT count(*) FROM span) AS transfers, (SELECT sum(legs) FROM per) AS entries,
              (SELECT json_agg(p ORDER BY p.seq, p."check") FROM (SELECT * FROM problems ORDER BY seq, "check" LIMIT $3) p) AS problems`,
      [lo, hi, max],
    );
    return {
      transfers: num(row.transfers),
      entries: num(row.entries),
      differences: (row.problems ?? []).map((p) => ({
        check: p.check,
        message: p.message,
        transferId: p.id,
      })),
    };
  }

  /** Accounts after `after` by code: stored balances and daily balances against the sums of entries. */
  private async accounts(
    db: LedgerDb,
    after: string,
    size: number,
  ): Promise<{ count: number; last: string; differences: LedgerDifference[] }> {
    const { transfers: T, entries: E, accounts: A, daily: D } = this.t;
    const rows = await rowsOf<Record<string, string | null>>(
      db,
      `WITH acc AS (
         SELECT id, code, posted_debits, posted_credits, pending_debits, pending_credits
         FROM ${A} WHERE code > $1 ORDER BY code LIMIT $2),
       days AS (
         SELECT e.account_id, e.effective_date AS day, sum(greatest(e.amount, 0)) AS d,
                sum(greatest(-e.amount, 0)) AS c
         FROM acc JOIN ${E} e ON e.account_id = acc.id AND NOT e.pending GROUP BY 1, 2),
       cum AS (
         SELECT account_id, day, sum(d) OVER w AS d, sum(c) OVER w AS c
         FROM days WINDOW w AS (PARTITION BY account_id ORDER BY day)),
       stored AS (
         SELECT h.account_id, h.day, h.posted_debits AS d, h.posted_credits AS c
         FROM acc JOIN ${D} h ON h.account_id = acc.id),
       daily_bad AS (
         SELECT DISTINCT ON (account_id) * FROM (
           SELECT COALESCE(cum.account_id, stored.account_id) AS account_id,
                  COALESCE(cum.day, stored.day) AS day, cum.d AS cd, cum.c AS cc, stored.d AS sd, stored.c AS sc
           FROM cum FULL JOIN stored ON stored.account_id = cum.account_id AND stored.day = cum.day
           WHERE cum.d IS DISTINCT FROM stored.d OR cum.c IS DISTINCT FROM stored.c) x
         ORDER BY account_id, day),
       tot AS (SELECT account_id, sum(d) AS d, sum(c) AS c FROM days GROUP BY 1),
       pend AS (
         SELECT e.account_id, sum(greatest(e.amount, 0)) AS d, sum(greatest(-e.amount, 0)) AS c
         FROM acc JOIN ${E} e ON e.account_id = acc.id AND e.pending
         JOIN ${T} t ON t.seq = e.transfer_seq AND t.state = 'pending' GROUP BY 1)
       SELECT acc.id, acc.code, acc.posted_debits, acc.posted_credits, acc.pending_debits, acc.pending_credits,
              tot.d AS td, tot.c AS tc, pend.d AS nd, pend.c AS nc, b.day::text AS bad_day,
              b.cd, b.cc, b.sd, b.sc
       FROM acc LEFT JOIN tot ON tot.account_id = acc.id LEFT JOIN pend ON pend.account_id = acc.id
       LEFT JOIN daily_bad b ON b.account_id = acc.id
       ORDER BY acc.code`,
      [after, size],
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
        differences.push({
          ...this.accountDifference(
            'daily_balance',
            r,
            { postedDebits: num(r.cd), postedCredits: num(r.cc) },
            { postedDebits: num(r.sd), postedCredits: num(r.sc) },
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

interface Problem {
  seq: number;
  id: string;
  check: VerificationCheck;
  message: string;
}
