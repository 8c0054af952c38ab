import type { DataSource } from 'typeorm';
import { DomainError, type Ledger, type LedgerAccount, type LedgerTransfer } from '@yiwang/platform';
import { dropSchema, id, ledgerSchema, open, tx } from './ledger-fixture.js';

const WRITERS = 32;
const OPERATIONS_PER_WRITER = 24;

/** A small deterministic generator, so a failing run can be repeated with the same seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = { ok: true; transfer: LedgerTransfer } | { ok: false; code: string };

/**
 * Many writers on separate connections over overlapping accounts: balances stay exact, none goes below
 * zero, every id is applied once however often and however concurrently it is retried, nobody deadlocks.
 */
describe('ledger under concurrency', () => {
  let dataSource: DataSource;
  let schema: string;
  let ledger: Ledger;
  let source: LedgerAccount;
  let funds: LedgerAccount[];

  beforeAll(async () => {
    ({ dataSource, schema, ledger } = await ledgerSchema('ledger_concurrency', WRITERS + 8));
    source = await open(ledger, dataSource, 'source', 'equity', { allowNegative: true });
    funds = [];
    for (let i = 0; i < 6; i += 1) funds.push(await open(ledger, dataSource, `fund:${i}`, 'liability'));
    for (const fund of funds) {
      await tx(dataSource, (m) =>
        ledger.transfer(m, { id: id(), debit: source.id, credit: fund.id, amount: 5_000 }),
      );
    }
  });

  afterAll(() => dropSchema(dataSource, schema));

  async function attempt(work: () => Promise<LedgerTransfer>): Promise<Outcome> {
    try {
      return { ok: true, transfer: await work() };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, code: error.code };
      return { ok: false, code: `unexpected: ${(error as Error).message}` };
    }
  }

  it('keeps exact balances with 32 writers, overdrafts refused and retries applied once', async () => {
    type Request = { id: string; legs: { account: string; side: 'debit' | 'credit'; amount: number }[] };
    const issued: Request[] = [];
    const outcomes = new Map<string, Outcome[]>();
    // Order of events: a retry that starts after a success of its id has finished must see that success.
    let clock = 0;
    const lateRefusals: string[] = [];
    const appliedAt = new Map<string, number>();
    const record = (request: Request, outcome: Outcome, started: number) => {
      clock += 1;
      if (outcome.ok && !appliedAt.has(request.id)) appliedAt.set(request.id, clock);
      if (!outcome.ok && (appliedAt.get(request.id) ?? Infinity) < started) lateRefusals.push(request.id);
      outcomes.set(request.id, [...(outcomes.get(request.id) ?? []), outcome]);
    };
    const send = (request: Request) => {
      const started = ++clock;
      return attempt(() =>
        tx(dataSource, (m) => ledger.transfer(m, { id: request.id, legs: request.legs })),
      ).then((o) => record(request, o, started));
    };

    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const next = random(writer + 1);
        for (let i = 0; i < OPERATIONS_PER_WRITER; i += 1) {
          const roll = next();
          if (roll < 0.2 && issued.length > 0) {
            // Retry someone's request (perhaps still in flight), exactly as it was sent.
            await send(issued[Math.floor(next() * issued.length)]);
            continue;
          }
          const [x, y, z] = [...funds].sort(() => next() - 0.5);
          const amount = 1 + Math.floor(next() * 2_500);
          const request: Request =
            roll < 0.35
              ? {
                  id: id(),
                  legs: [
                    { account: x.id, side: 'debit', amount: amount * 2 },
                    { account: y.id, side: 'credit', amount },
                    { account: z.id, side: 'credit', amount },
                  ],
                }
              : {
                  id: id(),
                  legs: [
                    { account: x.id, side: 'debit', amount },
                    { account: y.id, side: 'credit', amount },
                  ],
                };
          issued.push(request);
          // Some requests go out twice at once, as a client that timed out and resent would.
          await (roll > 0.85 ? Promise.all([send(request), send(request)]) : send(request));
        }
      }),
    );

    const unexpected = [...outcomes.values()]
      .flat()
      .filter((o) => !o.ok && o.code !== 'ledger.insufficient_balance');
    expect(unexpected).toEqual([]);
    expect(lateRefusals).toEqual([]);
    const refusedAll = [...outcomes.values()].filter((list) => list.every((o) => !o.ok)).length;
    expect(refusedAll).toBeGreaterThan(0);

    const expected = new Map<string, number>(funds.map((f) => [f.id, 5_000]));
    let applied = 0;
    for (const request of issued) {
      const successes = (outcomes.get(request.id) ?? []).filter((o) => o.ok);
      if (successes.length === 0) continue;
      applied += 1;
      // Every success names the same journal position, and exactly one of them applied it.
      expect(new Set(successes.map((o) => o.transfer.seq)).size).toBe(1);
      expect(successes.filter((o) => !o.transfer.replayed)).toHaveLength(1);
      for (const leg of request.legs) {
        expected.set(
          leg.account,
          expected.get(leg.account)! + (leg.side === 'credit' ? leg.amount : -leg.amount),
        );
      }
    }
    expect(issued.length).toBeGreaterThan(WRITERS * OPERATIONS_PER_WRITER * 0.7);
    const retried = [...outcomes.values()].filter((list) => list.filter((o) => o.ok).length > 1).length;
    expect(retried).toBeGreaterThan(10);

    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".ledger_transfers`);
    expect(n).toBe(applied + funds.length);
    for (const fund of funds) {
      const b = await ledger.balance(dataSource.manager, fund.id);
      expect(b.balance).toBe(expected.get(fund.id));
      expect(b.balance).toBeGreaterThanOrEqual(0);
    }
    const verification = await ledger.verify(dataSource);
    expect(verification).toMatchObject({ ok: true, transfers: applied + funds.length });
  }, 180_000);

  it('posts or voids each raced reservation exactly once', async () => {
    const payable = await open(ledger, dataSource, 'payable', 'liability');
    const fund = funds[0];
    const before = (await ledger.balance(dataSource.manager, fund.id)).balance;
    const reservations = await Promise.all(
      Array.from({ length: 8 }, () =>
        tx(dataSource, (m) =>
          ledger.reserve(m, {
            id: id(),
            debit: fund.id,
            credit: payable.id,
            amount: 10,
            timeoutSeconds: 600,
          }),
        ),
      ),
    );
    const results = await Promise.all(
      reservations.map(async (r) => {
        const calls = [
          ...Array.from(
            { length: 4 },
            () => () => tx(dataSource, (m) => ledger.post(m, r.id, { amount: 7 })),
          ),
          ...Array.from(
            { length: 2 },
            () => () => tx(dataSource, (m) => ledger.post(m, r.id, { amount: 9 })),
          ),
          ...Array.from({ length: 2 }, () => () => tx(dataSource, (m) => ledger.void(m, r.id))),
        ];
        return { r, outcomes: await Promise.all(calls.map((call) => attempt(call))) };
      }),
    );
    let taken = 0;
    for (const { r, outcomes } of results) {
      const winners = outcomes.filter((o) => o.ok && !o.transfer.replayed);
      expect(winners).toHaveLength(1);
      const winner = (winners[0] as { transfer: LedgerTransfer }).transfer;
      const others = outcomes.filter((o) => o !== winners[0]);
      for (const o of others) {
        // A loser either repeated the winner's request (and got its answer) or asked for something else.
        if (o.ok) expect(o.transfer).toEqual({ ...winner, replayed: true });
        else expect(o.code).toBe('ledger.already_resolved');
      }
      const stored = await ledger.getTransfer(dataSource.manager, r.id);
      if (winner.kind === 'post') {
        expect(stored?.state).toBe('posted');
        taken += winner.legs[0].amount;
      } else {
        expect(stored?.state).toBe('voided');
      }
    }
    expect(await ledger.balance(dataSource.manager, fund.id)).toMatchObject({
      balance: before - taken,
      available: before - taken,
      pendingDebits: 0,
    });
    expect((await ledger.verify(dataSource)).ok).toBe(true);
  }, 120_000);

  it('expires each reservation once while sweepers race each other and late postings', async () => {
    const payable = await open(ledger, dataSource, 'payable:expiry', 'liability');
    const fund = funds[1];
    const before = (await ledger.balance(dataSource.manager, fund.id)).balance;
    const reservations: LedgerTransfer[] = [];
    for (let i = 0; i < 30; i += 1) {
      reservations.push(
        await tx(dataSource, (m) =>
          ledger.reserve(m, { id: id(), debit: fund.id, credit: payable.id, amount: 3, timeoutSeconds: 600 }),
        ),
      );
    }
    const asOf = new Date(Date.now() + 3600_000);
    const sweeps = Array.from({ length: 4 }, async () => {
      let expired = 0;
      for (;;) {
        const n = await tx(dataSource, (m) => ledger.expireDue(m, { asOf, limit: 4 }));
        if (n === 0) return expired;
        expired += n;
      }
    });
    const posts = reservations
      .filter((_, i) => i % 3 === 0)
      .map((r) => attempt(() => tx(dataSource, (m) => ledger.post(m, r.id))));
    const expired = (await Promise.all(sweeps)).reduce((s, n) => s + n, 0);
    const postOutcomes = await Promise.all(posts);
    const posted = postOutcomes.filter((o) => o.ok).length;
    for (const o of postOutcomes) if (!o.ok) expect(o.code).toBe('ledger.reservation_expired');
    expect(expired + posted).toBe(30);
    const states = await Promise.all(reservations.map((r) => ledger.getTransfer(dataSource.manager, r.id)));
    expect(states.filter((s) => s?.state === 'expired')).toHaveLength(expired);
    expect(states.filter((s) => s?.state === 'posted')).toHaveLength(posted);
    expect(await ledger.balance(dataSource.manager, fund.id)).toMatchObject({
      balance: before - 3 * posted,
      pendingDebits: 0,
    });
    expect((await ledger.verify(dataSource)).ok).toBe(true);
  }, 120_000);
});
