import type { DataSource } from 'typeorm';
import type { Ledger, LedgerAccount, LedgerTransfer } from '@yiwang/platform';
import { daysAgo, dropSchema, id, ledgerSchema, open, tx } from './ledger-fixture.js';

/** verify() recomputes the ledger from its entries and names what was tampered with. */
describe('ledger verification', () => {
  let dataSource: DataSource;
  let schema: string;
  let ledger: Ledger;
  const a: Record<string, LedgerAccount> = {};
  const t: Record<string, LedgerTransfer> = {};

  beforeAll(async () => {
    ({ dataSource, schema, ledger } = await ledgerSchema('ledger_verify'));
    a.source = await open(ledger, dataSource, 'a:source', 'equity', { allowNegative: true });
    a.fund = await open(ledger, dataSource, 'b:fund', 'liability');
    a.other = await open(ledger, dataSource, 'c:other', 'liability');
    a.payable = await open(ledger, dataSource, 'd:payable', 'liability');
    a.unused = await open(ledger, dataSource, 'e:unused', 'liability');
    const move = (debit: string, credit: string, amount: number, effectiveDate?: string) =>
      tx(dataSource, (m) =>
        ledger.transfer(m, { id: id(), debit: a[debit].id, credit: a[credit].id, amount, effectiveDate }),
      );
    const reserve = (amount: number) =>
      tx(dataSource, (m) =>
        ledger.reserve(m, { id: id(), debit: a.fund.id, credit: a.payable.id, amount, timeoutSeconds: 3600 }),
      );
    t.grant = await move('source', 'fund', 10_000, daysAgo(9));
    t.other = await move('source', 'other', 4_000, daysAgo(8));
    t.backdated = await move('fund', 'other', 500, daysAgo(12));
    t.posted = await reserve(1_000);
    t.post = await tx(dataSource, (m) => ledger.post(m, t.posted.id, { amount: 700 }));
    t.voided = await reserve(300);
    await tx(dataSource, (m) => ledger.void(m, t.voided.id));
    t.expired = await reserve(200);
    await tx(dataSource, (m) => ledger.expireDue(m, { asOf: new Date(Date.now() + 7200_000) }));
    t.open = await reserve(100);
    t.reversal = await tx(dataSource, (m) => ledger.reverse(m, t.other.id, { id: id() }));
  });

  afterAll(() => dropSchema(dataSource, schema));

  const count = async (table: string) =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM "${schema}".${table}`))[0].n);

  /** Runs `change` with the append-only triggers off (as a superuser could), verifies, then puts it back. */
  async function tampered(change: string, undo: string, params: unknown[]) {
    const sql = (text: string) => dataSource.query(text.replaceAll('S.', `"${schema}".`), params);
    const triggers = (on: boolean) =>
      Promise.all(
        ['ledger_entries', 'ledger_transfers', 'ledger_accounts', 'ledger_daily_balances'].map((table) =>
          dataSource.query(`ALTER TABLE "${schema}".${table} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER USER`),
        ),
      );
    await triggers(false);
    try {
      await sql(change);
      return await ledger.verify(dataSource, { transferBatch: 4, accountBatch: 2 });
    } finally {
      await sql(undo);
      await triggers(true);
    }
  }

  it('finds a consistent ledger consistent, walking it in batches', async () => {
    const result = await ledger.verify(dataSource, { transferBatch: 3, accountBatch: 2 });
    expect(result).toMatchObject({ ok: true, differences: [] });
    expect(result.transfers).toBe(await count('ledger_transfers'));
    expect(result.entries).toBe(await count('ledger_entries'));
    expect(result.accounts).toBe(5);
    expect(result.transfers).toBe(9);
  });

  it('names the transfer and the account when an entry amount is changed', async () => {
    const leg = `(SELECT seq FROM S.ledger_transfers WHERE id = $1) AND leg = 2`;
    const result = await tampered(
      `UPDATE S.ledger_entries SET amount = amount - 1 WHERE transfer_seq = ${leg}`,
      `UPDATE S.ledger_entries SET amount = amount + 1 WHERE transfer_seq = ${leg}`,
      [t.backdated.id],
    );
    expect(result.ok).toBe(false);
    expect(result.differences[0]).toMatchObject({ check: 'transfer_unbalanced', transferId: t.backdated.id });
    expect(result.differences[0].message).toContain('debits exceed credits by -1');
    const account = result.differences.find((d) => d.check === 'account_balance');
    expect(account).toMatchObject({
      accountCode: 'c:other',
      expected: { postedCredits: 4_501 },
      actual: { postedCredits: 4_500 },
    });
    expect(result.differences.find((d) => d.check === 'daily_balance')).toMatchObject({
      accountCode: 'c:other',
      day: daysAgo(12),
    });
    expect((await ledger.verify(dataSource)).ok).toBe(true);
  });

  it('names the account whose stored balance was changed, with what its entries say', async () => {
    const result = await tampered(
      `UPDATE S.ledger_accounts SET posted_credits = posted_credits + 100 WHERE id = $1`,
      `UPDATE S.ledger_accounts SET posted_credits = posted_credits - 100 WHERE id = $1`,
      [a.payable.id],
    );
    expect(result.differences).toEqual([
      expect.objectContaining({
        check: 'account_balance',
        accountId: a.payable.id,
        accountCode: 'd:payable',
        expected: { postedDebits: 0, postedCredits: 700, pendingDebits: 0, pendingCredits: 100 },
        actual: { postedDebits: 0, postedCredits: 800, pendingDebits: 0, pendingCredits: 100 },
      }),
    ]);
  });

  it('names a daily balance that no longer adds up', async () => {
    const result = await tampered(
      `UPDATE S.ledger_daily_balances SET posted_debits = posted_debits + 5 WHERE account_id = $1 AND day = $2::date`,
      `UPDATE S.ledger_daily_balances SET posted_debits = posted_debits - 5 WHERE account_id = $1 AND day = $2::date`,
      [a.fund.id, daysAgo(9)],
    );
    expect(result.differences).toEqual([
      expect.objectContaining({ check: 'daily_balance', accountCode: 'b:fund', day: daysAgo(9) }),
    ]);
  });

  it('names a reservation whose state disagrees with its posting, and a reversal that does not mirror', async () => {
    const state = await tampered(
      `UPDATE S.ledger_transfers SET state = 'voided' WHERE id = $1`,
      `UPDATE S.ledger_transfers SET state = 'posted' WHERE id = $1`,
      [t.posted.id],
    );
    expect(state.differences.map((d) => [d.check, d.transferId])).toEqual([
      ['reservation_state', t.posted.id],
      ['post_mismatch', t.post.id],
    ]);

    // Both legs moved by one: still balanced, no longer the mirror of what it reverses.
    const legs = `transfer_seq = (SELECT seq FROM S.ledger_transfers WHERE id = $1)`;
    const mirror = await tampered(
      `UPDATE S.ledger_entries SET amount = amount + sign(amount) WHERE ${legs}`,
      `UPDATE S.ledger_entries SET amount = amount - sign(amount) WHERE ${legs}`,
      [t.reversal.id],
    );
    expect(mirror.differences[0]).toMatchObject({ check: 'reversal_mismatch', transferId: t.reversal.id });
    expect(mirror.differences.filter((d) => d.check === 'account_balance').map((d) => d.accountCode)).toEqual(
      ['a:source', 'c:other'],
    );
  });

  it('names a transfer that lost a leg', async () => {
    const result = await tampered(
      `DELETE FROM S.ledger_entries WHERE transfer_seq = (SELECT seq FROM S.ledger_transfers WHERE id = $1) AND leg = 1`,
      `INSERT INTO S.ledger_entries (transfer_seq, leg, account_id, amount, pending, effective_date)
       SELECT seq, 1, '${a.source.id}', 10000, false, effective_date FROM S.ledger_transfers WHERE id = $1`,
      [t.grant.id],
    );
    expect(result.differences.slice(0, 2).map((d) => [d.check, d.transferId])).toEqual([
      ['transfer_shape', t.grant.id],
      ['transfer_unbalanced', t.grant.id],
    ]);
    expect(result.differences[0].message).toContain('has 1 legs, fewer than two');
    expect((await ledger.verify(dataSource, { maxDifferences: 1 })).ok).toBe(true);
  });
});
