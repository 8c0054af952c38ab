// Bulk data for the ledger benchmark, written straight into the ledger tables with set-based SQL (posting
// millions of transfers one by one would take an hour): two districts' fund accounts (district, streets,
// communities, grids) and volunteers' hours, with five years of two-leg postings; then the daily and
// account balances derived from the entries, exactly as the ledger keeps them (verify() checks that).

const DAYS = 5 * 365 + 1;

/** Accounts of one district: 1 district fund, 2 per street, 3 funds + 1 payable per community, 1 per grid. */
function districtAccounts(district) {
  const rows = [];
  const d = `44.4401.${district}`;
  rows.push([`fund:${district}:ops`, 'liability', d]);
  for (let s = 1; s <= 10; s += 1) {
    const street = `${district}${String(s).padStart(3, '0')}`;
    const sp = `${d}.${street}`;
    for (const f of ['ops', 'service']) rows.push([`fund:${street}:${f}`, 'liability', sp]);
    for (let c = 1; c <= 10; c += 1) {
      const community = `${street}${String(c).padStart(3, '0')}`;
      const cp = `${sp}.${community}`;
      for (const f of ['ops', 'service', 'party']) rows.push([`fund:${community}:${f}`, 'liability', cp]);
      rows.push([`payable:${community}`, 'liability', cp]);
      for (let g = 1; g <= 10; g += 1) {
        const grid = `${community}-G${String(g).padStart(2, '0')}`;
        rows.push([`fund:${grid}:party`, 'liability', `${cp}.${grid}`]);
      }
    }
  }
  return rows;
}

/**
 * Creates the accounts and `entries` postings (half as many transfers) dated over the last five years.
 * Returns what the benchmark samples from. Bench accounts may go negative: random postings are not a
 * budget, and the non-negative rule is exercised by the concurrent writers instead.
 */
export async function generateLedger(db, schema, { entries, volunteers, log }) {
  const S = `"${schema}"`;
  const funds = [
    ['appropriation:4401', 'equity', '44.4401'],
    ...districtAccounts('440106'),
    ...districtAccounts('440104'),
  ];
  await db.query(`CREATE TABLE ${S}.bench_acc (grp text, n int, id uuid NOT NULL, PRIMARY KEY (grp, n))`);
  await db.query(
    `WITH src AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(code text, kind text, path text, n int)),
          a AS (INSERT INTO ${S}.ledger_accounts (id, code, name, kind, asset, normal_side, allow_negative, unit_path)
                SELECT gen_random_uuid(), code, code, kind, 'CNY_FEN',
                       CASE WHEN kind IN ('asset', 'expense') THEN 'debit' ELSE 'credit' END, true, path
                FROM src RETURNING id, code)
     INSERT INTO ${S}.bench_acc SELECT 'fund', src.n, a.id FROM src JOIN a USING (code)`,
    [JSON.stringify(funds.map(([code, kind, path], n) => ({ code, kind, path, n })))],
  );
  await db.query(
    `WITH a AS (INSERT INTO ${S}.ledger_accounts (id, code, name, kind, asset, normal_side, allow_negative, unit_path)
                SELECT gen_random_uuid(), 'hours:v' || lpad(v::text, 6, '0'), 'volunteer ' || v, 'liability',
                       'HOURS_MIN', 'credit', true,
                       '44.4401.440106.440106' || lpad((1 + v % 10)::text, 3, '0') || '.440106'
                         || lpad((1 + v % 10)::text, 3, '0') || lpad((1 + v / 10 % 10)::text, 3, '0')
                FROM generate_series(0, $1 - 1) v RETURNING id, code)
     INSERT INTO ${S}.bench_acc SELECT 'hours', substr(code, 8)::int, id FROM a`,
    [volunteers],
  );
  await db.query(
    `WITH a AS (INSERT INTO ${S}.ledger_accounts (id, code, name, kind, asset, normal_side, allow_negative)
                VALUES (gen_random_uuid(), 'hours:recorded', 'hours recorded', 'equity', 'HOURS_MIN', 'credit', true)
                RETURNING id)
     INSERT INTO ${S}.bench_acc SELECT 'src', 0, id FROM a`,
  );

  // Transfers k = 1 … T, dated evenly over five years ending yesterday; 7 in 10 move money between fund
  // accounts (tagged with a grid), 3 in 10 record a volunteer's hours (tagged with an activity).
  const transfers = Math.floor(entries / 2);
  const batch = 250_000;
  const [{ base }] = await db.query(
    `SELECT COALESCE(max(seq), 0)::bigint AS base FROM ${S}.ledger_transfers`,
  );
  for (let lo = 1; lo <= transfers; lo += batch) {
    const hi = Math.min(lo + batch - 1, transfers);
    await db.query(
      `INSERT INTO ${S}.ledger_transfers (id, kind, state, effective_date, content_hash, metadata)
       SELECT gen_random_uuid(), 'transfer', 'posted',
              current_date - ${DAYS} + (k::bigint * ${DAYS - 1} / $3)::int, 'bench',
              CASE WHEN k % 10 < 7 THEN jsonb_build_object('grid', 'G' || (k % 1000))
                   ELSE jsonb_build_object('activity', 'A' || (k % 5000)) END
       FROM generate_series($1::bigint, $2::bigint) k ORDER BY k`,
      [lo, hi, transfers],
    );
    await db.query(
      `WITH t AS (
         SELECT seq, effective_date, seq - $3 AS k FROM ${S}.ledger_transfers WHERE seq BETWEEN $1 + $3 AND $2 + $3),
       legs AS (
         SELECT t.seq, t.effective_date, l.leg,
                CASE WHEN t.k % 10 < 7 THEN 'fund' WHEN l.leg = 1 THEN 'src' ELSE 'hours' END AS grp,
                CASE WHEN t.k % 10 >= 7 THEN (CASE WHEN l.leg = 1 THEN 0 ELSE (t.k * 31 % $5)::int END)
                     WHEN l.leg = 1 THEN (t.k * 7919 % $4)::int
                     ELSE ((t.k * 7919 % $4) + 1 + t.k * 104729 % ($4 - 1))::int % $4 END AS n,
                CASE WHEN t.k % 10 < 7 THEN 100 + t.k * 13 % 500000 ELSE 30 + t.k % 8 * 30 END AS amount
         FROM t CROSS JOIN (VALUES (1), (2)) l(leg))
       INSERT INTO ${S}.ledger_entries (transfer_seq, leg, account_id, amount, pending, effective_date)
       SELECT legs.seq, legs.leg, a.id, CASE legs.leg WHEN 1 THEN legs.amount ELSE -legs.amount END, false,
              legs.effective_date
       FROM legs JOIN ${S}.bench_acc a ON a.grp = legs.grp AND a.n = legs.n`,
      [lo, hi, Number(base), funds.length, volunteers],
    );
    log(`generated ${hi * 2} of ${transfers * 2} postings`);
  }

  // Balances as the ledger keeps them: cumulative per account and effective date, and the totals.
  await db.query(
    `INSERT INTO ${S}.ledger_daily_balances (account_id, day, posted_debits, posted_credits)
     SELECT account_id, day, sum(d) OVER w, sum(c) OVER w
     FROM (SELECT account_id, effective_date AS day, sum(greatest(amount, 0)) AS d, sum(greatest(-amount, 0)) AS c
           FROM ${S}.ledger_entries GROUP BY 1, 2) x
     WINDOW w AS (PARTITION BY account_id ORDER BY day)`,
  );
  await db.query(
    `UPDATE ${S}.ledger_accounts a SET posted_debits = x.d, posted_credits = x.c, version = 1
     FROM (SELECT account_id, sum(greatest(amount, 0)) AS d, sum(greatest(-amount, 0)) AS c
           FROM ${S}.ledger_entries GROUP BY 1) x WHERE x.account_id = a.id`,
  );
  log('balances derived; vacuuming');
  for (const table of ['ledger_entries', 'ledger_transfers', 'ledger_accounts', 'ledger_daily_balances']) {
    await db.query(`VACUUM (ANALYZE) ${S}.${table}`);
  }
  return { transfers, funds: funds.length, volunteers };
}
