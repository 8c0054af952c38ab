import type { DataSource } from 'typeorm';
import type { Ledger, LedgerAccount } from '@yiwang/platform';
import { waitFor } from '@yiwang/testing';
import { dropSchema, id, ledgerSchema, open, refusal, tx } from './ledger-fixture.js';

/** Reservations (pending): held against what is available, posted or voided exactly once, expiring. */
describe('ledger reservations', () => {
  let dataSource: DataSource;
  let schema: string;
  let ledger: Ledger;
  let source: LedgerAccount;
  let points: LedgerAccount;
  let redeemed: LedgerAccount;

  beforeAll(async () => {
    ({ dataSource, schema, ledger } = await ledgerSchema('ledger_reserve'));
    source = await open(ledger, dataSource, 'points:issued', 'equity', {
      asset: 'POINTS',
      allowNegative: true,
    });
    points = await open(ledger, dataSource, 'points:volunteer:v1', 'liability', { asset: 'POINTS' });
    redeemed = await open(ledger, dataSource, 'points:redeemed', 'income', { asset: 'POINTS' });
  });

  afterAll(() => dropSchema(dataSource, schema));

  const balance = (account: LedgerAccount) => ledger.balance(dataSource.manager, account.id);
  /** Puts the volunteer's points at exactly `n`. */
  async function fill(n: number): Promise<void> {
    const current = (await balance(points)).balance;
    if (current === n) return;
    await tx(dataSource, (m) =>
      current < n
        ? ledger.transfer(m, { id: id(), debit: source.id, credit: points.id, amount: n - current })
        : ledger.transfer(m, { id: id(), debit: points.id, credit: source.id, amount: current - n }),
    );
  }
  const reserve = (
    amount: number,
    extra: Partial<{ id: string; timeoutSeconds: number; expiresAt: Date }> = {},
  ) =>
    tx(dataSource, (m) =>
      ledger.reserve(m, {
        id: extra.id ?? id(),
        debit: points.id,
        credit: redeemed.id,
        amount,
        metadata: { activity: 'A-7' },
        ...(extra.expiresAt
          ? { expiresAt: extra.expiresAt }
          : { timeoutSeconds: extra.timeoutSeconds ?? 600 }),
      }),
    );

  it('holds the amount against what is available until it is posted, in part, exactly once', async () => {
    await fill(100);
    const held = await reserve(60);
    expect(held).toMatchObject({ kind: 'reservation', state: 'pending', replayed: false });
    expect(await balance(points)).toMatchObject({ balance: 100, available: 40, pendingDebits: 60 });
    expect(
      await refusal(
        tx(dataSource, (m) =>
          ledger.transfer(m, { id: id(), debit: points.id, credit: redeemed.id, amount: 41 }),
        ),
      ),
    ).toMatchObject({ code: 'ledger.insufficient_balance' });
    expect((await refusal(reserve(41))).code).toBe('ledger.insufficient_balance');

    const posted = await tx(dataSource, (m) =>
      ledger.post(m, held.id, { amount: 45, metadata: { receipt: 'R-1' } }),
    );
    expect(posted).toMatchObject({
      kind: 'post',
      state: 'posted',
      pendingId: held.id,
      metadata: { activity: 'A-7', receipt: 'R-1' },
      legs: [
        { account: points.id, side: 'debit', amount: 45 },
        { account: redeemed.id, side: 'credit', amount: 45 },
      ],
    });
    // 45 taken, the other 15 released.
    expect(await balance(points)).toMatchObject({ balance: 55, available: 55, pendingDebits: 0 });
    expect((await balance(redeemed)).balance).toBe(45);
    expect(await ledger.getTransfer(dataSource.manager, held.id)).toMatchObject({ state: 'posted' });

    const again = await tx(dataSource, (m) =>
      ledger.post(m, held.id, { amount: 45, metadata: { receipt: 'R-1' } }),
    );
    expect(again).toEqual({ ...posted, replayed: true });
    expect((await refusal(tx(dataSource, (m) => ledger.post(m, held.id, { amount: 50 })))).code).toBe(
      'ledger.already_resolved',
    );
    expect((await refusal(tx(dataSource, (m) => ledger.void(m, held.id)))).code).toBe(
      'ledger.already_resolved',
    );
    expect((await balance(points)).balance).toBe(55);
  });

  it('voids exactly once, and refuses to post what was voided or to post more than was held', async () => {
    await fill(30);
    const held = await reserve(30);
    expect((await refusal(tx(dataSource, (m) => ledger.post(m, held.id, { amount: 31 })))).code).toBe(
      'ledger.exceeds_reservation',
    );
    const voided = await tx(dataSource, (m) => ledger.void(m, held.id, { reason: 'activity cancelled' }));
    expect(voided).toMatchObject({
      state: 'voided',
      resolution: { reason: 'activity cancelled' },
      replayed: false,
    });
    expect(await balance(points)).toMatchObject({ balance: 30, available: 30, pendingDebits: 0 });
    expect(await tx(dataSource, (m) => ledger.void(m, held.id))).toMatchObject({
      state: 'voided',
      replayed: true,
    });
    expect((await refusal(tx(dataSource, (m) => ledger.post(m, held.id)))).code).toBe(
      'ledger.already_resolved',
    );
    expect(await balance(points)).toMatchObject({ balance: 30, available: 30 });
    expect((await refusal(tx(dataSource, (m) => ledger.reverse(m, held.id, { id: id() })))).code).toBe(
      'ledger.not_reversible',
    );
  });

  it('expires overdue reservations once, releasing what they held, and refuses to post them after', async () => {
    await fill(50);
    const soon = await reserve(20, { timeoutSeconds: 1 });
    const later = await reserve(10, { timeoutSeconds: 3600 });
    expect(await balance(points)).toMatchObject({ available: 20 });
    // Nothing is due yet by the database clock.
    expect(await tx(dataSource, (m) => ledger.expireDue(m))).toBe(0);
    await waitFor(
      async () =>
        (
          await dataSource.query(
            `SELECT expires_at < clock_timestamp() AS due FROM "${schema}".ledger_transfers WHERE id = $1`,
            [soon.id],
          )
        )[0].due,
      { what: 'the reservation to be overdue' },
    );
    expect((await refusal(tx(dataSource, (m) => ledger.post(m, soon.id)))).code).toBe(
      'ledger.reservation_expired',
    );
    expect(await tx(dataSource, (m) => ledger.expireDue(m))).toBe(1);
    expect(await tx(dataSource, (m) => ledger.expireDue(m))).toBe(0);
    expect(await ledger.getTransfer(dataSource.manager, soon.id)).toMatchObject({ state: 'expired' });
    expect(await balance(points)).toMatchObject({ balance: 50, available: 40, pendingDebits: 10 });
    expect((await refusal(tx(dataSource, (m) => ledger.post(m, soon.id)))).code).toBe(
      'ledger.reservation_expired',
    );
    expect((await refusal(tx(dataSource, (m) => ledger.void(m, soon.id)))).code).toBe(
      'ledger.already_resolved',
    );

    // A sweep as of a later time (an operator catching up) takes the rest, in batches.
    const more = await Promise.all([reserve(1), reserve(2), reserve(3)]);
    const asOf = new Date(Date.now() + 2 * 3600_000);
    expect(await tx(dataSource, (m) => ledger.expireDue(m, { asOf, limit: 2 }))).toBe(2);
    expect(await tx(dataSource, (m) => ledger.expireDue(m, { asOf, limit: 2 }))).toBe(2);
    expect(await tx(dataSource, (m) => ledger.expireDue(m, { asOf }))).toBe(0);
    for (const r of [later, ...more]) {
      expect(await ledger.getTransfer(dataSource.manager, r.id)).toMatchObject({ state: 'expired' });
    }
    expect(await balance(points)).toMatchObject({ balance: 50, available: 50, pendingDebits: 0 });
  });

  it('replays a reservation retried with the same id and refuses malformed ones', async () => {
    await fill(10);
    const reservationId = id();
    const first = await reserve(4, { id: reservationId });
    const retry = await reserve(4, { id: reservationId });
    expect(retry).toEqual({ ...first, replayed: true });
    expect((await refusal(reserve(5, { id: reservationId }))).code).toBe('ledger.id_reused');
    expect(await balance(points)).toMatchObject({ available: 6, pendingDebits: 4 });
    expect((await refusal(reserve(1, { timeoutSeconds: 0 }))).code).toBe('ledger.invalid');
    expect((await refusal(reserve(1, { expiresAt: new Date(Date.now() - 1000) }))).code).toBe(
      'ledger.invalid',
    );
    // A transfer id is not a reservation: it cannot be posted or voided.
    const plain = await tx(dataSource, (m) =>
      ledger.transfer(m, { id: id(), debit: source.id, credit: points.id, amount: 1 }),
    );
    expect((await refusal(tx(dataSource, (m) => ledger.post(m, plain.id)))).code).toBe('ledger.not_pending');
    expect((await refusal(tx(dataSource, (m) => ledger.void(m, id())))).code).toBe(
      'ledger.transfer_not_found',
    );
    await tx(dataSource, (m) => ledger.void(m, reservationId));
  });

  it('posts a multi-leg reservation whole, never in part', async () => {
    await fill(20);
    const fee = await open(ledger, dataSource, 'points:fee', 'income', { asset: 'POINTS' });
    const held = await tx(dataSource, (m) =>
      ledger.reserve(m, {
        id: id(),
        timeoutSeconds: 60,
        legs: [
          { account: points.id, side: 'debit', amount: 12 },
          { account: redeemed.id, side: 'credit', amount: 10 },
          { account: fee.id, side: 'credit', amount: 2 },
        ],
      }),
    );
    expect((await refusal(tx(dataSource, (m) => ledger.post(m, held.id, { amount: 6 })))).code).toBe(
      'ledger.invalid',
    );
    const posted = await tx(dataSource, (m) => ledger.post(m, held.id));
    expect(posted.legs.map((l) => l.amount)).toEqual([12, 10, 2]);
    expect((await balance(points)).balance).toBe(8);
    expect((await balance(fee)).balance).toBe(2);
  });
});
