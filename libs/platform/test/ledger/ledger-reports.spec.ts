import type { DataSource } from 'typeorm';
import type { Ledger, LedgerAccount, StatementLine } from '@yiwang/platform';
import { daysAgo, dropSchema, id, ledgerSchema, open, refusal, tx } from './ledger-fixture.js';

const district = '44.4401.440106';
const street = `${district}.440106001`;
const c1 = `${street}.440106001001`;
const c2 = `${street}.440106001002`;

/** Balances as of a date, statements with running balances, trial balances per unit, totals by purpose. */
describe('ledger reports', () => {
  let dataSource: DataSource;
  let schema: string;
  let ledger: Ledger;
  const a: Record<string, LedgerAccount> = {};
  let c2Allocation: string;

  const move = (debit: string, credit: string, amount: number, effectiveDate: string, metadata = {}) =>
    tx(dataSource, (m) =>
      ledger.transfer(m, {
        id: id(),
        debit: a[debit].id,
        credit: a[credit].id,
        amount,
        effectiveDate,
        metadata,
      }),
    );

  beforeAll(async () => {
    ({ dataSource, schema, ledger } = await ledgerSchema('ledger_reports'));
    a.city = await open(ledger, dataSource, 'appropriation:4401', 'equity', {
      allowNegative: true,
      unitPath: '44.4401',
    });
    a.district = await open(ledger, dataSource, 'fund:440106', 'liability', { unitPath: district });
    a.street = await open(ledger, dataSource, 'fund:440106001', 'liability', { unitPath: street });
    a.c1 = await open(ledger, dataSource, 'fund:440106001001', 'liability', { unitPath: c1 });
    a.c2 = await open(ledger, dataSource, 'fund:440106001002', 'liability', { unitPath: c2 });
    a.payable = await open(ledger, dataSource, 'payable:440106001001', 'liability', { unitPath: c1 });
    a.other = await open(ledger, dataSource, 'fund:440104', 'liability', { unitPath: '44.4401.440104' });
    a.idle = await open(ledger, dataSource, 'fund:440106001003', 'liability', {
      unitPath: `${street}.440106001003`,
    });

    await move('city', 'district', 1_000_000, daysAgo(30));
    await move('city', 'other', 70_000, daysAgo(30));
    await move('district', 'street', 400_000, daysAgo(20));
    await move('street', 'c1', 150_000, daysAgo(10));
    c2Allocation = (await move('street', 'c2', 100_000, daysAgo(10))).id;
    await move('c1', 'payable', 30_000, daysAgo(5), { grid: '440106001001-G03', decision: 'D-1' });
    await move('c1', 'payable', 2_000, daysAgo(5), { grid: '440106001001-G04', decision: 'D-1' });
    // Booked today, dated back before the street's allocation: every later daily balance moves too.
    await move('city', 'c2', 5_000, daysAgo(15), { correction: 'missed 2025 grant' });
    await tx(dataSource, (m) =>
      ledger.reverse(m, c2Allocation, { id: id(), metadata: { reason: 'wrong community' } }),
    );
  });

  afterAll(() => dropSchema(dataSource, schema));

  const at = async (account: string, asOf?: string) =>
    (await ledger.balance(dataSource.manager, a[account].id, asOf ? { asOf } : {})).balance;

  it('answers balances as of the end of any effective date, back-dated postings included', async () => {
    expect(await at('district', daysAgo(31))).toBe(0);
    expect(await at('district', daysAgo(30))).toBe(1_000_000);
    expect(await at('district', daysAgo(21))).toBe(1_000_000);
    expect(await at('district', daysAgo(20))).toBe(600_000);
    expect(await at('district')).toBe(600_000);
    expect(await at('c2', daysAgo(16))).toBe(0);
    expect(await at('c2', daysAgo(15))).toBe(5_000);
    expect(await at('c2', daysAgo(10))).toBe(105_000);
    expect(await at('c2', daysAgo(1))).toBe(105_000);
    // The reversal is dated today: the past stays as it was reported.
    expect(await at('c2')).toBe(5_000);
    expect(await at('c2', daysAgo(-400))).toBe(5_000);
    expect(await at('city')).toBe(-1_075_000);
    const asOf = await ledger.balance(dataSource.manager, a.c1.id, { asOf: daysAgo(5) });
    expect(asOf).toMatchObject({
      postedCredits: 150_000,
      postedDebits: 32_000,
      balance: 118_000,
      asOf: daysAgo(5),
      version: null,
    });
    expect((await refusal(ledger.balance(dataSource.manager, a.c1.id, { asOf: '2026-13-01' }))).code).toBe(
      'ledger.invalid',
    );
    expect((await refusal(ledger.balance(dataSource.manager, id()))).code).toBe('ledger.account_not_found');
  });

  it('lists a statement by effective date with a running balance, and the same lines page by page', async () => {
    const whole = await ledger.statement(dataSource.manager, a.c2.id);
    expect(whole).toMatchObject({
      openingBalance: 0,
      closingBalance: 5_000,
      periodDebits: 100_000,
      periodCredits: 105_000,
      nextCursor: null,
    });
    expect(whole.lines.map((l) => [l.effectiveDate, l.kind, l.debit, l.credit, l.balance])).toEqual([
      [daysAgo(15), 'transfer', 0, 5_000, 5_000],
      [daysAgo(10), 'transfer', 0, 100_000, 105_000],
      [daysAgo(0), 'reversal', 100_000, 0, 5_000],
    ]);
    expect(whole.lines[2]).toMatchObject({ reverses: c2Allocation, metadata: { reason: 'wrong community' } });

    // A volunteer-style account with many small lines over many days, read in pages of 4.
    const hours = await open(ledger, dataSource, 'hours:v42', 'liability', { asset: 'HOURS_MIN' });
    const recorded = await open(ledger, dataSource, 'hours:recorded', 'equity', {
      asset: 'HOURS_MIN',
      allowNegative: true,
    });
    for (let i = 0; i < 17; i += 1) {
      const [debit, credit] = i % 5 === 4 ? [hours.id, recorded.id] : [recorded.id, hours.id];
      await tx(dataSource, (m) =>
        ledger.transfer(m, {
          id: id(),
          debit,
          credit,
          amount: 30 + i,
          effectiveDate: daysAgo(40 - 2 * (i % 9)),
        }),
      );
    }
    const all = await ledger.statement(dataSource.manager, hours.id, { limit: 500 });
    expect(all.lines).toHaveLength(17);
    let running = 0;
    for (const line of all.lines) {
      running += line.credit - line.debit;
      expect(line.balance).toBe(running);
    }
    expect(all.closingBalance).toBe(running);
    expect((await ledger.balance(dataSource.manager, hours.id)).balance).toBe(running);
    const dates = all.lines.map((l) => l.effectiveDate);
    expect([...dates].sort()).toEqual(dates);

    const paged: StatementLine[] = [];
    let cursor: string | undefined;
    do {
      const page = await ledger.statement(dataSource.manager, hours.id, { limit: 4, cursor });
      expect(page.lines.length).toBeLessThanOrEqual(4);
      paged.push(...page.lines);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all.lines);

    // A period: opening = balance the day before, closing = balance at its end, lines inside it only.
    const from = daysAgo(36);
    const to = daysAgo(28);
    const period = await ledger.statement(dataSource.manager, hours.id, { from, to, limit: 3 });
    const inside = all.lines.filter((l) => l.effectiveDate >= from && l.effectiveDate <= to);
    expect(period.openingBalance).toBe(
      (await ledger.balance(dataSource.manager, hours.id, { asOf: daysAgo(37) })).balance,
    );
    expect(period.closingBalance).toBe(
      (await ledger.balance(dataSource.manager, hours.id, { asOf: to })).balance,
    );
    expect(period.periodCredits - period.periodDebits).toBe(period.closingBalance - period.openingBalance);
    expect(period.periodCredits).toBe(inside.reduce((s, l) => s + l.credit, 0));
    const rest = await ledger.statement(dataSource.manager, hours.id, {
      from,
      to,
      limit: 500,
      cursor: period.nextCursor!,
    });
    expect([...period.lines, ...rest.lines].map((l) => [l.transferId, l.balance])).toEqual(
      inside.map((l) => [l.transferId, l.balance]),
    );
    expect(
      (await refusal(ledger.statement(dataSource.manager, a.c1.id, { cursor: period.nextCursor! }))).code,
    ).toBe('ledger.invalid_cursor');
    expect(
      (await refusal(ledger.statement(dataSource.manager, a.c1.id, { cursor: 'not-a-cursor' }))).code,
    ).toBe('ledger.invalid_cursor');
  });

  it('gives a trial balance per unit subtree, now and as of a date, with totals per asset', async () => {
    const now = await ledger.trialBalance(dataSource.manager, { unitPath: district, asset: 'CNY_FEN' });
    expect(now.rows.map((r) => [r.code, r.debit, r.credit])).toEqual([
      ['fund:440106', 0, 600_000],
      ['fund:440106001', 0, 250_000],
      ['fund:440106001001', 0, 118_000],
      ['payable:440106001001', 0, 32_000],
      ['fund:440106001002', 0, 5_000],
    ]);
    // The district's money came from the city, outside its subtree: its own books do not balance.
    expect(now.totals).toEqual([{ asset: 'CNY_FEN', debits: 0, credits: 1_005_000, balanced: false }]);

    const city = await ledger.trialBalance(dataSource.manager, { unitPath: '44.4401', asset: 'CNY_FEN' });
    expect(city.totals).toEqual([
      { asset: 'CNY_FEN', debits: 1_075_000, credits: 1_075_000, balanced: true },
    ]);
    expect(city.rows.find((r) => r.code === 'appropriation:4401')).toMatchObject({
      debit: 1_075_000,
      credit: 0,
    });
    expect(city.rows.some((r) => r.code === 'fund:440106001003')).toBe(false);

    const back = await ledger.trialBalance(dataSource.manager, { unitPath: district, asOf: daysAgo(15) });
    expect(back.rows.map((r) => [r.code, r.credit])).toEqual([
      ['fund:440106', 600_000],
      ['fund:440106001', 400_000],
      ['fund:440106001002', 5_000],
    ]);
    // A sibling whose code starts with the same digits is not inside the subtree.
    const narrow = await ledger.trialBalance(dataSource.manager, { unitPath: `${street}.44010600100` });
    expect(narrow.rows).toEqual([]);
  });

  it('lists the journal newest first, filtered by metadata, kind and dates, page by page', async () => {
    const decision = await ledger.transfers(dataSource.manager, { match: { decision: 'D-1' }, limit: 1 });
    expect(decision.transfers.map((t) => [t.effectiveDate, t.legs[0].amount])).toEqual([[daysAgo(5), 2_000]]);
    const rest = await ledger.transfers(dataSource.manager, {
      match: { decision: 'D-1' },
      limit: 1,
      cursor: decision.nextCursor!,
    });
    expect(rest.transfers.map((t) => [t.effectiveDate, t.legs[0].amount, t.metadata.grid])).toEqual([
      [daysAgo(5), 30_000, '440106001001-G03'],
    ]);
    expect(rest.nextCursor).toBeNull();

    const reversals = await ledger.transfers(dataSource.manager, { kind: 'reversal' });
    expect(reversals.transfers.map((t) => t.reverses)).toEqual([c2Allocation]);
    const window = await ledger.transfers(dataSource.manager, { from: daysAgo(20), to: daysAgo(10) });
    expect(window.transfers.map((t) => t.effectiveDate)).toEqual([
      daysAgo(10),
      daysAgo(10),
      daysAgo(15),
      daysAgo(20),
    ]);
    const all = await ledger.transfers(dataSource.manager, { limit: 500 });
    // The nine above and the seventeen of the statement test.
    expect(all.transfers).toHaveLength(26);
    const keys = all.transfers.map((t) => `${t.effectiveDate}:${String(t.seq).padStart(6, '0')}`);
    expect([...keys].sort().reverse()).toEqual(keys);
    expect((await refusal(ledger.transfers(dataSource.manager, { cursor: 'bogus' }))).code).toBe(
      'ledger.invalid_cursor',
    );
    expect((await refusal(ledger.transfers(dataSource.manager, { from: '2026-02-31' }))).code).toBe(
      'ledger.invalid',
    );
    expect(
      (await refusal(ledger.statement(dataSource.manager, a.c1.id, { from: daysAgo(1), to: daysAgo(2) })))
        .code,
    ).toBe('ledger.invalid');
    expect((await ledger.statement(dataSource.manager, a.c1.id, { limit: Number.NaN })).lines).toHaveLength(
      3,
    );
  });

  it('totals what a decision or a grid cost in one query, and a reversal nets it out', async () => {
    const cost = await ledger.totalsByMetadata(dataSource.manager, { match: { decision: 'D-1' } });
    expect(cost.map((r) => [r.code, r.debits, r.credits])).toEqual([
      ['fund:440106001001', 32_000, 0],
      ['payable:440106001001', 0, 32_000],
    ]);
    const grid = await ledger.totalsByMetadata(dataSource.manager, { match: { grid: '440106001001-G03' } });
    expect(grid.map((r) => [r.code, r.debits, r.credits])).toEqual([
      ['fund:440106001001', 30_000, 0],
      ['payable:440106001001', 0, 30_000],
    ]);
    const [spent] = await dataSource.query(
      `SELECT t.id FROM "${schema}".ledger_transfers t WHERE t.metadata @> '{"grid":"440106001001-G03"}'`,
    );
    await tx(dataSource, (m) => ledger.reverse(m, spent.id, { id: id(), metadata: { reason: 'refund' } }));
    const after = await ledger.totalsByMetadata(dataSource.manager, { match: { grid: '440106001001-G03' } });
    expect(after.map((r) => [r.code, r.debits - r.credits])).toEqual([
      ['fund:440106001001', 0],
      ['payable:440106001001', 0],
    ]);
    expect((await refusal(ledger.totalsByMetadata(dataSource.manager, { match: {} }))).code).toBe(
      'ledger.invalid',
    );
  });
});
