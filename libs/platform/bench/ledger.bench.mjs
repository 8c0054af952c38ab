// The ledger (libs/platform/src/ledger) against floors measured in the same run:
// 1. 32 writers posting to overlapping accounts for BENCH_DURATION s (30) against 32 writers committing
//    plain INSERTs into a bare table; afterwards balances must equal the model, none negative, every
//    retried id applied once, verify() clean (the bench fails otherwise).
// 2. At 1 million postings (× BENCH_SCALE): balance reads now and as of a date, a volunteer's statement
//    over five years, a district's trial balance as of a year end, totals by grid: p95 latencies.
// 3. verify() over 10 million postings (× BENCH_SCALE): its rate against a bare scan of the same entries.
import { randomUUID } from 'node:crypto';
import {
  createDataSource,
  DomainError,
  Ledger,
  LedgerTables1796292000000,
  runMigrations,
} from '@yiwang/platform';
import { generateLedger } from './ledger-data.mjs';

export const description = 'ledger: concurrent postings, reads at 1M postings, verification at 10M';

const WRITERS = 32;

async function schemaWithLedger(databaseUrl, label, poolSize) {
  const schema = `bench_${label}_${Date.now().toString(36)}`;
  const dataSource = createDataSource({
    url: databaseUrl,
    schema,
    entities: [],
    migrations: [LedgerTables1796292000000],
    poolSize,
  });
  await dataSource.initialize();
  await runMigrations(dataSource, schema);
  return { dataSource, schema, ledger: new Ledger({ schema }) };
}

async function forDuration(seconds, worker) {
  const deadline = performance.now() + seconds * 1000;
  const counts = await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      let n = 0;
      while (performance.now() < deadline) n += await worker(w);
      return n;
    }),
  );
  return counts.reduce((s, n) => s + n, 0);
}

function p95(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

async function timed(count, run) {
  const samples = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return p95(samples);
}

/** Opens `count` fund accounts (50,000 fen each, from an equity source that may go negative). */
async function openFunds(dataSource, ledger, prefix, count) {
  const source = await ledger.openAccount(dataSource.manager, {
    code: `${prefix}:source`,
    name: 'source',
    kind: 'equity',
    asset: 'CNY_FEN',
    allowNegative: true,
  });
  const funds = [];
  for (let i = 0; i < count; i += 1) {
    const fund = await ledger.openAccount(dataSource.manager, {
      code: `${prefix}:fund:${i}`,
      name: `fund ${i}`,
      kind: 'liability',
      asset: 'CNY_FEN',
    });
    await dataSource.transaction((m) =>
      ledger.transfer(m, { id: randomUUID(), debit: source.id, credit: fund.id, amount: 50_000 }),
    );
    funds.push(fund);
  }
  return funds;
}

/**
 * 32 writers for `seconds` posting random transfers between `funds` (some overdraw; one in ten resends a
 * recent request). Then the invariants against a model built from what callers were told: balances
 * exact, none negative, each id applied once, verify() clean. Returns the rate and the counts.
 */
async function writers(dataSource, schema, ledger, funds, seconds) {
  const pick = () => funds[Math.floor(Math.random() * funds.length)];
  const recent = [];
  const outcomes = new Map();
  let refused = 0;
  let retries = 0;
  const ops =
    (await forDuration(seconds, async () => {
      let request;
      if (recent.length > 0 && Math.random() < 0.1) {
        request = recent[Math.floor(Math.random() * recent.length)];
        retries += 1;
      } else {
        const debit = pick();
        let credit = pick();
        while (credit === debit) credit = pick();
        const amount = 1 + Math.floor(Math.random() * 5_000);
        request = { id: randomUUID(), debit: debit.id, credit: credit.id, amount, metadata: { grid: 'G1' } };
        recent.push(request);
        if (recent.length > 2000) recent.shift();
      }
      try {
        const t = await dataSource.transaction((m) => ledger.transfer(m, request));
        const entry = outcomes.get(request.id) ?? { request, list: [] };
        entry.list.push(t);
        outcomes.set(request.id, entry);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'ledger.insufficient_balance') throw error;
        refused += 1;
      }
      return 1;
    })) / seconds;

  const expected = new Map(funds.map((f) => [f.id, 50_000]));
  let applied = 0;
  for (const { request, list } of outcomes.values()) {
    if (new Set(list.map((t) => t.seq)).size !== 1 || list.filter((t) => !t.replayed).length !== 1) {
      throw new Error(`transfer ${request.id} was applied more than once`);
    }
    applied += 1;
    expected.set(request.debit, expected.get(request.debit) - request.amount);
    expected.set(request.credit, expected.get(request.credit) + request.amount);
  }
  for (const fund of funds) {
    const b = await ledger.balance(dataSource.manager, fund.id);
    if (b.balance !== expected.get(fund.id) || b.balance < 0) {
      throw new Error(`fund ${fund.code}: balance ${b.balance}, expected ${expected.get(fund.id)}`);
    }
  }
  const ids = [...outcomes.keys()];
  const [{ n }] = await dataSource.query(
    `SELECT count(*)::int AS n FROM "${schema}".ledger_transfers WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  if (n !== applied) throw new Error(`${n} transfers stored, ${applied} applied`);
  const verification = await ledger.verify(dataSource);
  if (!verification.ok) throw new Error(`verify: ${JSON.stringify(verification.differences[0])}`);
  return { ops, applied, refused, retries };
}

async function concurrentPostings({ databaseUrl, seconds, log }) {
  const { dataSource, schema, ledger } = await schemaWithLedger(databaseUrl, 'ledger_writers', WRITERS + 4);
  try {
    await dataSource.query(
      `CREATE TABLE "${schema}".bare (id uuid PRIMARY KEY, debit uuid, credit uuid, amount bigint, metadata jsonb)`,
    );
    const hot = await openFunds(dataSource, ledger, 'hot', 16);
    const wide = await openFunds(dataSource, ledger, 'wide', 1000);
    const floor =
      (await forDuration(seconds, async () => {
        await dataSource.transaction((m) =>
          m.query(`INSERT INTO "${schema}".bare VALUES ($1, $2, $3, $4, $5)`, [
            randomUUID(),
            hot[0].id,
            hot[1].id,
            1 + Math.floor(Math.random() * 5_000),
            '{"grid":"G1"}',
          ]),
        );
        return 1;
      })) / seconds;
    log(`floor: ${floor.toFixed(0)} plain INSERT transactions/s`);
    // The least any ledger that checks balances must do: lock two balance rows in order, update them and
    // insert one row. What the ledger adds beyond it: entries, daily balances, the journal's indexes.
    const pick = () => wide[Math.floor(Math.random() * wide.length)];
    const balanceRows =
      (await forDuration(seconds, async () => {
        const ids = [pick().id, pick().id].sort();
        await dataSource.transaction(async (m) => {
          await m.query(
            `SELECT id FROM "${schema}".ledger_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
            [ids],
          );
          await m.query(
            `WITH u AS (UPDATE "${schema}".ledger_accounts SET version = version + 1 WHERE id = ANY($1::uuid[]) RETURNING 1)
             INSERT INTO "${schema}".bare VALUES ($2, $3, $4, 5, '{"grid":"G1"}')`,
            [ids, randomUUID(), ids[0], ids[1]],
          );
        });
        return 1;
      })) / seconds;
    log(`lock and update two balance rows + insert: ${balanceRows.toFixed(0)}/s`);
    const rows = [
      {
        name: `${WRITERS} writers: lock and update 2 of 1,000 balance rows + one INSERT`,
        value: balanceRows,
        unit: 'transactions/s',
        floor,
        note: 'the least a balance-checked ledger does; floor: plain INSERT transactions',
      },
    ];
    for (const [label, funds] of [
      ['16 shared accounts', hot],
      ['1,000 accounts', wide],
    ]) {
      const r = await writers(dataSource, schema, ledger, funds, seconds);
      log(
        `${label}: ${r.applied} applied, ${r.refused} overdrafts refused, ${r.retries} retries; invariants hold`,
      );
      rows.push({
        name: `${WRITERS} writers, ${label}, ${seconds} s: ledger transfers`,
        value: r.ops,
        unit: 'transfers/s',
        floor,
        note: `floor: plain INSERT transactions; ${r.applied} applied, ${r.refused} overdrafts refused, ${r.retries} retries applied once; balances exact, none negative, verify clean`,
      });
    }
    return rows;
  } finally {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
}

async function readsAtScale({ databaseUrl, scale, log }) {
  const entries = Math.round(1_000_000 * scale);
  const { dataSource, schema, ledger } = await schemaWithLedger(databaseUrl, 'ledger_reads', 4);
  try {
    const started = performance.now();
    const info = await generateLedger(dataSource, schema, {
      entries,
      volunteers: Math.max(50, Math.round(2000 * scale)),
      log,
    });
    log(`${entries} postings generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const S = `"${schema}"`;
    const ids = async (grp) =>
      (await dataSource.query(`SELECT id FROM ${S}.bench_acc WHERE grp = $1`, [grp])).map((r) => r.id);
    const funds = await ids('fund');
    const volunteers = await ids('hours');
    const any = (list, i) => list[(i * 7919) % list.length];
    const dayAgo = (d) => new Date(Date.now() - d * 86400_000).toISOString().slice(0, 10);
    const m = dataSource.manager;
    const rows = [];

    const pk = await timed(2000, (i) =>
      m.query(`SELECT * FROM ${S}.ledger_accounts WHERE id = $1`, [any(funds, i)]),
    );
    rows.push({
      name: 'balance now (fund account)',
      value: await timed(2000, (i) => ledger.balance(m, any(funds, i))),
      unit: 'ms p95',
      floor: pk,
      note: 'floor: primary-key read of the account row',
    });
    rows.push({
      name: 'balance as of a date (fund account)',
      value: await timed(2000, (i) =>
        ledger.balance(m, any(funds, i), { asOf: dayAgo(1 + ((i * 37) % 1800)) }),
      ),
      unit: 'ms p95',
      floor: pk,
    });
    const [{ lines }] = await dataSource.query(
      `SELECT round(avg(n))::int AS lines FROM (SELECT count(*) AS n FROM ${S}.ledger_entries e JOIN ${S}.bench_acc b ON b.id = e.account_id AND b.grp = 'hours' GROUP BY e.account_id) x`,
    );
    const plainPage = await timed(500, (i) =>
      m.query(
        `SELECT * FROM ${S}.ledger_entries WHERE account_id = $1 AND NOT pending ORDER BY effective_date, transfer_seq, leg LIMIT 50`,
        [any(volunteers, i)],
      ),
    );
    rows.push({
      name: `volunteer statement, 5 years (${lines} lines avg), first page of 50`,
      value: await timed(500, (i) => ledger.statement(m, any(volunteers, i), { limit: 50 })),
      unit: 'ms p95',
      floor: plainPage,
      note: 'target ≤ 50 ms; floor: the same 50 entries without balances or transfers',
    });
    rows.push({
      name: 'volunteer statement, one year, 100 lines',
      value: await timed(500, (i) =>
        ledger.statement(m, any(volunteers, i), { from: dayAgo(730), to: dayAgo(366), limit: 100 }),
      ),
      unit: 'ms p95',
      floor: plainPage,
    });
    const busy = (await dataSource.query(`SELECT id FROM ${S}.bench_acc WHERE grp = 'src'`))[0].id;
    const deep = await ledger.statement(m, busy, { from: dayAgo(900), limit: 50 });
    rows.push({
      name: 'statement of the busiest account, a page deep in its history',
      value: await timed(300, () => ledger.statement(m, busy, { cursor: deep.nextCursor, limit: 50 })),
      unit: 'ms p95',
      floor: plainPage,
    });
    const district = '44.4401.440106';
    const [{ accounts }] = await dataSource.query(
      `SELECT count(*)::int AS accounts FROM ${S}.ledger_accounts WHERE unit_path = $1 OR unit_path LIKE $2`,
      [district, `${district}.%`],
    );
    const scan = await timed(50, () =>
      m.query(
        `SELECT unit_path, code, posted_debits, posted_credits FROM ${S}.ledger_accounts WHERE unit_path = $1 OR unit_path LIKE $2 ORDER BY unit_path, code`,
        [district, `${district}.%`],
      ),
    );
    const year = new Date().getFullYear();
    rows.push({
      name: `trial balance of a district (${accounts} accounts) as of a year end`,
      value: await timed(50, (i) =>
        ledger.trialBalance(m, { unitPath: district, asOf: `${year - 1 - (i % 4)}-12-31` }),
      ),
      unit: 'ms p95',
      floor: scan,
      note: 'target ≤ 200 ms; floor: reading the same account rows',
    });
    rows.push({
      name: 'trial balance of a district now',
      value: await timed(50, () => ledger.trialBalance(m, { unitPath: district })),
      unit: 'ms p95',
      floor: scan,
    });
    rows.push({
      name: 'totals of one grid (metadata @>)',
      value: await timed(100, (i) => ledger.totalsByMetadata(m, { match: { grid: `G${i % 1000}` } })),
      unit: 'ms p95',
    });
    log(`reads at ${entries} postings measured (${info.funds} fund accounts, ${info.volunteers} volunteers)`);
    return rows;
  } finally {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
}

async function verification({ databaseUrl, scale, log }) {
  const entries = Math.round(10_000_000 * scale);
  const { dataSource, schema, ledger } = await schemaWithLedger(databaseUrl, 'ledger_verify', 4);
  try {
    await generateLedger(dataSource, schema, {
      entries,
      volunteers: Math.max(50, Math.round(20_000 * scale)),
      log,
    });
    const S = `"${schema}"`;
    let started = performance.now();
    await dataSource.query(`SELECT count(*), sum(amount) FROM ${S}.ledger_entries`);
    const floor = entries / ((performance.now() - started) / 1000);
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    started = performance.now();
    const result = await ledger.verify(dataSource, {
      onProgress: () => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)),
    });
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok || result.entries !== entries)
      throw new Error(`verify: ${JSON.stringify(result).slice(0, 500)}`);
    log(
      `verified ${result.transfers} transfers, ${result.entries} entries, ${result.accounts} accounts in ${seconds.toFixed(1)} s`,
    );
    return [
      {
        name: `verify ${entries} postings (${result.accounts} accounts)`,
        value: entries / seconds,
        unit: 'postings/s',
        floor,
        note: `floor: one bare scan summing the entries; ${seconds.toFixed(1)} s; client memory +${((rssPeak - rssBefore) / 1e6).toFixed(0)} MB`,
      },
    ];
  } finally {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
}

export default async function run({ databaseUrl, scale, log }) {
  const seconds = Number(process.env.BENCH_DURATION ?? 30);
  return [
    ...(await concurrentPostings({ databaseUrl, seconds, log })),
    ...(await readsAtScale({ databaseUrl, scale, log })),
    ...(await verification({ databaseUrl, scale, log })),
  ];
}
