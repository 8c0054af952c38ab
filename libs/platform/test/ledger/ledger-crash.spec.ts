import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import type { Ledger, LedgerAccount } from '@yiwang/platform';
import { testDatabaseUrl } from '@yiwang/testing';
import { dropSchema, id, ledgerSchema, open, tx } from './ledger-fixture.js';

const child = join(dirname(fileURLToPath(import.meta.url)), 'crash-child.mjs');

/**
 * Runs the child until it prints `until`, then kills it with SIGKILL (no handler, no cleanup, as an OOM
 * kill or a lost node would) and waits for it to be gone.
 */
async function killAt(schema: string, step: string, request: unknown, until: string): Promise<string[]> {
  const proc = spawn(process.execPath, [child, testDatabaseUrl(), schema, step, JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    proc.once('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (c: Buffer) => {
      lines.push(...c.toString().trim().split('\n'));
      if (lines.includes(until)) resolve();
    });
    void exited.then(() => reject(new Error(`child exited before ${until}: ${stderr}`)));
  });
  proc.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return lines;
}

/** Killed between reserve and post, or inside either transaction: nothing is lost and nothing doubled. */
describe('ledger across a crash', () => {
  let dataSource: DataSource;
  let schema: string;
  let ledger: Ledger;
  let fund: LedgerAccount;
  let payable: LedgerAccount;

  beforeAll(async () => {
    ({ dataSource, schema, ledger } = await ledgerSchema('ledger_crash'));
    const source = await open(ledger, dataSource, 'source', 'equity', { allowNegative: true });
    fund = await open(ledger, dataSource, 'fund', 'liability');
    payable = await open(ledger, dataSource, 'payable', 'liability');
    await tx(dataSource, (m) =>
      ledger.transfer(m, { id: id(), debit: source.id, credit: fund.id, amount: 1_000 }),
    );
  });

  afterAll(() => dropSchema(dataSource, schema));

  const balance = () => ledger.balance(dataSource.manager, fund.id);
  const reservation = (amount: number) => ({
    id: id(),
    debit: fund.id,
    credit: payable.id,
    amount,
    timeoutSeconds: 600,
    metadata: { activity: 'A-1' },
  });

  it('keeps the reservation when killed inside the posting, and the retried posting applies once', async () => {
    const request = { reservation: reservation(300), post: { amount: 250 } };
    expect(await killAt(schema, 'reserve-then-post', request, 'inside-post')).toEqual([
      'reserved',
      'inside-post',
    ]);
    // The posting's transaction died with its connection: still pending, still held.
    expect(await ledger.getTransfer(dataSource.manager, request.reservation.id)).toMatchObject({
      state: 'pending',
    });
    expect(await balance()).toMatchObject({ balance: 1_000, available: 700, pendingDebits: 300 });

    // The restarted service retries the step it was on, with the same request.
    const posted = await tx(dataSource, (m) => ledger.post(m, request.reservation.id, request.post));
    expect(posted).toMatchObject({ replayed: false, legs: [{ amount: 250 }, { amount: 250 }] });
    const again = await tx(dataSource, (m) => ledger.post(m, request.reservation.id, request.post));
    expect(again).toEqual({ ...posted, replayed: true });
    expect(await balance()).toMatchObject({ balance: 750, available: 750, pendingDebits: 0 });
    expect((await ledger.balance(dataSource.manager, payable.id)).balance).toBe(250);
    expect((await ledger.verify(dataSource)).ok).toBe(true);
  });

  it('writes nothing when killed inside the reservation, and the retried reservation applies once', async () => {
    const before = await balance();
    const request = { reservation: reservation(100) };
    await killAt(schema, 'reserve-open', request, 'inside-reserve');
    expect(await ledger.getTransfer(dataSource.manager, request.reservation.id)).toBeNull();
    expect(await balance()).toEqual(before);
    const held = await tx(dataSource, (m) => ledger.reserve(m, request.reservation));
    const retried = await tx(dataSource, (m) => ledger.reserve(m, request.reservation));
    expect(retried).toEqual({ ...held, replayed: true });
    expect(await balance()).toMatchObject({ balance: before.balance, pendingDebits: 100 });
    await tx(dataSource, (m) => ledger.void(m, held.id));
  });

  it('lets a reservation orphaned by a crash expire, releasing what it held', async () => {
    const before = await balance();
    const request = { reservation: reservation(400) };
    await killAt(schema, 'reserve-only', request, 'reserved');
    expect(await balance()).toMatchObject({ available: before.available - 400, pendingDebits: 400 });
    // Nobody will post it: the sweep (run by any replica, as of a time past its expiry) releases it.
    const asOf = new Date(Date.now() + 3600_000);
    expect(await tx(dataSource, (m) => ledger.expireDue(m, { asOf }))).toBe(1);
    expect(await ledger.getTransfer(dataSource.manager, request.reservation.id)).toMatchObject({
      state: 'expired',
    });
    expect(await balance()).toEqual({ ...before, version: before.version! + 2 });
    expect((await ledger.verify(dataSource)).ok).toBe(true);
  });
});
