import type { DataSource } from 'typeorm';
import type { Ledger, LedgerAccount } from '@yiwang/platform';
import { daysAgo, dropSchema, id, ledgerSchema, open, refusal, tx } from './ledger-fixture.js';

/** Transfers: balanced legs, idempotent ids, non-negative balances, all inside the caller's transaction. */
describe('ledger transfers', () => {
  let dataSource: DataSource;
  let schema: string;
  let ledger: Ledger;
  let budget: LedgerAccount;
  let fund: LedgerAccount;
  let payable: LedgerAccount;

  beforeAll(async () => {
    ({ dataSource, schema, ledger } = await ledgerSchema('ledger_transfers'));
    budget = await open(ledger, dataSource, 'budget:city', 'equity', { allowNegative: true });
    fund = await open(ledger, dataSource, 'fund:440106001002:service', 'liability', {
      unitPath: '44.4401.440106.440106001.440106001002',
    });
    // Spending turns what the fund holds into what is owed to a supplier.
    payable = await open(ledger, dataSource, 'payable:supplier-1', 'liability');
  });

  afterAll(() => dropSchema(dataSource, schema));

  const balance = async (account: LedgerAccount) =>
    (await ledger.balance(dataSource.manager, account.id)).balance;
  const count = async (table: string) =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM "${schema}".${table}`))[0].n);

  it('opens an account once by code, and refuses the code or id with another definition', async () => {
    const again = await ledger.openAccount(dataSource.manager, {
      code: 'fund:440106001002:service',
      name: 'another name',
      kind: 'liability',
      asset: 'CNY_FEN',
      unitPath: '44.4401.440106.440106001.440106001002',
    });
    expect(again).toEqual(fund);
    expect(again).toMatchObject({
      normalSide: 'credit',
      allowNegative: false,
      name: 'fund:440106001002:service',
    });
    const code = async (input: Partial<Parameters<Ledger['openAccount']>[1]>) =>
      (
        await refusal(
          ledger.openAccount(dataSource.manager, {
            code: 'fund:440106001002:service',
            name: 'x',
            kind: 'liability',
            asset: 'CNY_FEN',
            unitPath: '44.4401.440106.440106001.440106001002',
            ...input,
          }),
        )
      ).code;
    expect(await code({ kind: 'asset' })).toBe('ledger.account_code_reused');
    expect(await code({ asset: 'POINTS' })).toBe('ledger.account_code_reused');
    expect(await code({ allowNegative: true })).toBe('ledger.account_code_reused');
    expect(await code({ unitPath: '44.4401.440106' })).toBe('ledger.account_code_reused');
    expect(await code({ code: 'fund:other', id: fund.id })).toBe('ledger.account_code_reused');
    expect(await code({ code: 'has space' })).toBe('ledger.invalid');
    expect(await code({ code: 'new:one', kind: 'revenue' as never })).toBe('ledger.invalid');
    expect(await code({ code: 'new:one', asset: 'cny' })).toBe('ledger.invalid');
    expect(await code({ code: 'new:one', unitPath: '44..4401' })).toBe('ledger.invalid');
    expect(await ledger.accountByCode(dataSource.manager, 'new:one')).toBeNull();
    expect((await ledger.accountsByCode(dataSource.manager, [fund.code, 'nope'])).get(fund.code)).toEqual(
      fund,
    );
  });

  it('moves integer fen from one account to another and books the source below zero only where allowed', async () => {
    const t = await tx(dataSource, (m) =>
      ledger.transfer(m, {
        id: id(),
        debit: budget.id,
        credit: fund.id,
        amount: 100_000_00,
        metadata: { decision: 'D-1' },
      }),
    );
    expect(t).toMatchObject({
      kind: 'transfer',
      state: 'posted',
      replayed: false,
      metadata: { decision: 'D-1' },
    });
    expect(t.legs).toEqual([
      { account: budget.id, side: 'debit', amount: 100_000_00 },
      { account: fund.id, side: 'credit', amount: 100_000_00 },
    ]);
    // The budget is an equity source (credit-normal) allowed below zero; the fund is a liability.
    expect(await balance(budget)).toBe(-100_000_00);
    expect(await balance(fund)).toBe(100_000_00);

    const before = await count('ledger_transfers');
    const refused = await refusal(
      tx(dataSource, (m) =>
        ledger.transfer(m, { id: id(), debit: fund.id, credit: payable.id, amount: 100_000_01 }),
      ),
    );
    expect(refused).toMatchObject({ kind: 'conflict', code: 'ledger.insufficient_balance' });
    expect(refused.message).toContain('10000000 available, 10000001 needed');
    expect(await count('ledger_transfers')).toBe(before);
    expect(await balance(fund)).toBe(100_000_00);
  });

  it('applies a retried id once, returns what it applied, and refuses the id with other content', async () => {
    const transferId = id();
    const request = {
      id: transferId,
      debit: fund.id,
      credit: payable.id,
      amount: 250_00,
      metadata: { grid: 'G03', case: 'C-9' },
    };
    const fundBefore = await balance(fund);
    const first = await tx(dataSource, (m) => ledger.transfer(m, request));
    // The same request, its metadata keys in another order: the same transfer.
    const again = await tx(dataSource, (m) =>
      ledger.transfer(m, { ...request, metadata: { case: 'C-9', grid: 'G03' } }),
    );
    expect(again).toEqual({ ...first, replayed: true });
    expect(await balance(fund)).toBe(fundBefore - 250_00);
    expect(await balance(payable)).toBe(250_00);

    const legs = await tx(dataSource, (m) =>
      ledger.transfer(m, {
        id: transferId,
        metadata: request.metadata,
        legs: [
          { account: payable.id, side: 'credit', amount: 250_00 },
          { account: fund.id, side: 'debit', amount: 250_00 },
        ],
      }),
    );
    expect(legs.replayed).toBe(true);

    for (const other of [
      { ...request, amount: 250_01 },
      { ...request, metadata: { grid: 'G04', case: 'C-9' } },
      { ...request, debit: payable.id, credit: fund.id },
      { ...request, effectiveDate: daysAgo(3) },
    ]) {
      expect(await refusal(tx(dataSource, (m) => ledger.transfer(m, other)))).toMatchObject({
        kind: 'conflict',
        code: 'ledger.id_reused',
      });
    }
    expect(await balance(fund)).toBe(fundBefore - 250_00);
    const rows = await dataSource.query(
      `SELECT count(*)::int AS n FROM "${schema}".ledger_transfers WHERE id = $1`,
      [transferId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('balances multi-leg entries per asset and refuses malformed amounts, accounts and dates', async () => {
    const office = await open(ledger, dataSource, 'expense:440106001002:office', 'expense');
    const fundBefore = await balance(fund);
    const split = await tx(dataSource, (m) =>
      ledger.transfer(m, {
        id: id(),
        asset: 'CNY_FEN',
        legs: [
          { account: fund.id, side: 'debit', amount: 900 },
          { account: payable.id, side: 'credit', amount: 600 },
          { account: office.id, side: 'debit', amount: 100 },
          { account: budget.id, side: 'credit', amount: 400 },
        ],
      }),
    );
    expect(split.legs).toHaveLength(4);
    expect(await balance(fund)).toBe(fundBefore - 900);
    expect(await balance(office)).toBe(100);

    const hours = await open(ledger, dataSource, 'volunteer:v1:hours', 'liability', { asset: 'HOURS_MIN' });
    const codes = async (input: Parameters<Ledger['transfer']>[1]) =>
      (await refusal(tx(dataSource, (m) => ledger.transfer(m, input)))).code;
    expect(await codes({ id: id(), debit: fund.id, credit: payable.id, amount: 1.5 })).toBe('ledger.invalid');
    expect(await codes({ id: id(), debit: fund.id, credit: payable.id, amount: 0 })).toBe('ledger.invalid');
    expect(await codes({ id: id(), debit: fund.id, credit: payable.id, amount: -5 })).toBe('ledger.invalid');
    expect(await codes({ id: id(), debit: fund.id, credit: fund.id, amount: 5 })).toBe('ledger.invalid');
    expect(await codes({ id: 'retry-1', debit: fund.id, credit: payable.id, amount: 5 })).toBe(
      'ledger.invalid',
    );
    expect(await codes({ id: id(), debit: fund.id, credit: hours.id, amount: 5 })).toBe('ledger.unbalanced');
    expect(await codes({ id: id(), debit: fund.id, credit: payable.id, amount: 5, asset: 'POINTS' })).toBe(
      'ledger.asset_mismatch',
    );
    expect(await codes({ id: id(), debit: id(), credit: fund.id, amount: 5 })).toBe(
      'ledger.account_not_found',
    );
    expect(
      await codes({ id: id(), debit: fund.id, credit: payable.id, amount: 5, effectiveDate: daysAgo(-1) }),
    ).toBe('ledger.invalid');
    expect(
      await codes({ id: id(), debit: fund.id, credit: payable.id, amount: 5, effectiveDate: '2026-02-30' }),
    ).toBe('ledger.invalid');
    expect(
      await codes({
        id: id(),
        legs: [
          { account: fund.id, side: 'debit', amount: 5 },
          { account: payable.id, side: 'credit', amount: 4 },
        ],
      }),
    ).toBe('ledger.unbalanced');
    expect(await balance(fund)).toBe(fundBefore - 900);
  });

  it('writes only inside a transaction and vanishes with the caller when it rolls back', async () => {
    await expect(
      ledger.transfer(dataSource.manager, { id: id(), debit: budget.id, credit: fund.id, amount: 1 }),
    ).rejects.toThrow(/outside a transaction/);
    const before = await balance(fund);
    const transferId = id();
    await expect(
      tx(dataSource, async (m) => {
        await ledger.transfer(m, { id: transferId, debit: budget.id, credit: fund.id, amount: 77 });
        throw new Error('the caller failed after posting');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await balance(fund)).toBe(before);
    expect(await ledger.getTransfer(dataSource.manager, transferId)).toBeNull();
  });

  it('reverses a transfer once, by a mirror transfer that must itself leave no account negative', async () => {
    const grant = await tx(dataSource, (m) =>
      ledger.transfer(m, {
        id: id(),
        debit: budget.id,
        credit: fund.id,
        amount: 5_000_00,
        metadata: { decision: 'D-2' },
      }),
    );
    const fundBefore = await balance(fund);
    const reversalId = id();
    const reversal = await tx(dataSource, (m) =>
      ledger.reverse(m, grant.id, { id: reversalId, metadata: { reason: 'duplicate award' } }),
    );
    expect(reversal).toMatchObject({
      kind: 'reversal',
      reverses: grant.id,
      metadata: { decision: 'D-2', reason: 'duplicate award' },
      legs: [
        { account: budget.id, side: 'credit', amount: 5_000_00 },
        { account: fund.id, side: 'debit', amount: 5_000_00 },
      ],
    });
    expect(await balance(fund)).toBe(fundBefore - 5_000_00);
    const retry = await tx(dataSource, (m) =>
      ledger.reverse(m, grant.id, { id: reversalId, metadata: { reason: 'duplicate award' } }),
    );
    expect(retry).toEqual({ ...reversal, replayed: true });
    expect(await refusal(tx(dataSource, (m) => ledger.reverse(m, grant.id, { id: id() })))).toMatchObject({
      code: 'ledger.already_reversed',
    });
    expect(await balance(fund)).toBe(fundBefore - 5_000_00);

    // Money already spent cannot be taken back by reversing the grant that brought it.
    const small = await tx(dataSource, (m) =>
      ledger.transfer(m, { id: id(), debit: budget.id, credit: fund.id, amount: 10 }),
    );
    await tx(dataSource, (m) =>
      ledger.transfer(m, {
        id: id(),
        debit: fund.id,
        credit: payable.id,
        amount: fundBefore - 5_000_00 + 10,
      }),
    );
    expect(await balance(fund)).toBe(0);
    expect(await refusal(tx(dataSource, (m) => ledger.reverse(m, small.id, { id: id() })))).toMatchObject({
      code: 'ledger.insufficient_balance',
    });
    // A reversal is corrected by reversing it.
    const again = await tx(dataSource, (m) => ledger.reverse(m, reversal.id, { id: id() }));
    expect(again.legs).toEqual(grant.legs);
    expect(await balance(fund)).toBe(5_000_00);
    expect(await refusal(tx(dataSource, (m) => ledger.reverse(m, id(), { id: id() })))).toMatchObject({
      code: 'ledger.transfer_not_found',
    });
  });

  it('refuses edits and deletions in the database itself, whoever connects', async () => {
    const t = await tx(dataSource, (m) =>
      ledger.transfer(m, { id: id(), debit: budget.id, credit: fund.id, amount: 3 }),
    );
    const sql = (text: string) => dataSource.query(text.replaceAll('S.', `"${schema}".`), [t.id]);
    for (const statement of [
      `UPDATE S.ledger_entries SET amount = amount * 2 WHERE transfer_seq = (SELECT seq FROM S.ledger_transfers WHERE id = $1)`,
      `DELETE FROM S.ledger_entries WHERE transfer_seq = (SELECT seq FROM S.ledger_transfers WHERE id = $1)`,
      `UPDATE S.ledger_transfers SET metadata = '{"edited":true}' WHERE id = $1`,
      `UPDATE S.ledger_transfers SET state = 'voided', resolved_at = now() WHERE id = $1`,
      `DELETE FROM S.ledger_transfers WHERE id = $1`,
      `UPDATE S.ledger_accounts SET asset = 'POINTS' WHERE id = (SELECT account_id FROM S.ledger_entries e JOIN S.ledger_transfers t ON t.seq = e.transfer_seq WHERE t.id = $1 LIMIT 1)`,
      `DELETE FROM S.ledger_daily_balances WHERE $1::uuid IS NOT NULL`,
    ]) {
      await expect(sql(statement)).rejects.toThrow(/ledger: (UPDATE|DELETE|transfer|account)/);
    }
    await expect(dataSource.query(`TRUNCATE "${schema}".ledger_entries`)).rejects.toThrow(/append-only/);
    // The balance columns themselves cannot be pushed below zero for an account that may not go there.
    await expect(
      dataSource.query(
        `UPDATE "${schema}".ledger_accounts SET posted_debits = posted_credits + 1 WHERE id = $1`,
        [fund.id],
      ),
    ).rejects.toThrow(/ledger_accounts_not_negative/);
    const [row] = await dataSource.query(
      `SELECT e.amount FROM "${schema}".ledger_entries e JOIN "${schema}".ledger_transfers t ON t.seq = e.transfer_seq
       WHERE t.id = $1 ORDER BY e.leg`,
      [t.id],
    );
    expect(row.amount).toBe('3');
  });

  it('migrates down and up again in a schema of its own', async () => {
    const other = await ledgerSchema('ledger_migration');
    try {
      const tables = async () =>
        (
          await other.dataSource.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'ledger%' ORDER BY 1`,
            [other.schema],
          )
        ).map((r: { table_name: string }) => r.table_name);
      expect(await tables()).toEqual([
        'ledger_accounts',
        'ledger_daily_balances',
        'ledger_entries',
        'ledger_transfers',
      ]);
      await other.dataSource.undoLastMigration({ transaction: 'each' });
      expect(await tables()).toEqual([]);
      await other.dataSource.runMigrations({ transaction: 'each' });
      expect(await tables()).toHaveLength(4);
    } finally {
      await dropSchema(other.dataSource, other.schema);
    }
  });
});
