import type { EntityManager } from 'typeorm';
import type {
  LedgerTransfer,
  PostInput,
  ReserveInput,
  ReverseInput,
  TransferInput,
  VoidInput,
} from './ledger-types.js';
import {
  addLegs,
  checkAssets,
  checkBalances,
  legsContent,
  legsOf,
  postedLegs,
  type BalanceDelta,
  type NewTransfer,
  type SignedLeg,
} from './ledger-legs.js';
import {
  loadTransfer,
  lockAccounts,
  lockOverdue,
  resolveReservations,
  transferView,
  writeTransfer,
  type StoredTransfer,
} from './ledger-store.js';
import {
  assertTransaction,
  checkDate,
  checkMetadata,
  checkUuid,
  contentHash,
  derivedUuid,
  ledgerErrors,
  todayIn,
  type LedgerTables,
} from './ledger-support.js';

const MAX_TIMEOUT_SECONDS = 366 * 24 * 3600;

/**
 * Writes: transfers, reservations and their resolution, reversals, expiry. Each call runs inside the
 * caller's transaction (its own state change and outbox event commit with the posting) and takes its
 * locks in one order: the reservation or reversed transfer first, then the accounts sorted by id.
 */
export class LedgerPostings {
  constructor(
    private readonly t: LedgerTables,
    private readonly timeZone: string,
  ) {}

  async transfer(m: EntityManager, input: TransferInput): Promise<LedgerTransfer> {
    assertTransaction(m, 'transfer');
    return this.apply(m, this.spec(input, 'transfer', {}), null);
  }

  async reserve(m: EntityManager, input: ReserveInput): Promise<LedgerTransfer> {
    assertTransaction(m, 'reserve');
    const expiry: { expiresAt?: Date; timeoutSeconds?: number } = {};
    if (input.expiresAt !== undefined) {
      if (
        !(input.expiresAt instanceof Date) ||
        Number.isNaN(input.expiresAt.getTime()) ||
        input.expiresAt <= new Date()
      ) {
        throw ledgerErrors.invalid('expiresAt must be a time in the future', [
          { field: 'expiresAt', message: String(input.expiresAt) },
        ]);
      }
      expiry.expiresAt = input.expiresAt;
    } else {
      const s = input.timeoutSeconds;
      if (typeof s !== 'number' || !Number.isInteger(s) || s <= 0 || s > MAX_TIMEOUT_SECONDS) {
        throw ledgerErrors.invalid(
          'A reservation expires: give expiresAt or timeoutSeconds (1 s to a year)',
          [{ field: 'timeoutSeconds', message: String(s) }],
        );
      }
      expiry.timeoutSeconds = s;
    }
    const content = expiry.expiresAt
      ? { expiresAt: expiry.expiresAt.toISOString() }
      : { timeoutSeconds: expiry.timeoutSeconds };
    return this.apply(m, { ...this.spec(input, 'reservation', content), ...expiry }, null);
  }

  /** Posts a reservation, all of it or (two legs) part of it, exactly once. */
  async post(m: EntityManager, pendingId: string, input: PostInput = {}): Promise<LedgerTransfer> {
    assertTransaction(m, 'post');
    const reservation = await this.reservation(m, checkUuid(pendingId, 'pendingId'));
    const id = input.id === undefined ? derivedUuid(`post:${reservation.id}`) : checkUuid(input.id, 'id');
    const legs = postedLegs(reservation.id, reservation.signedLegs, input.amount);
    const metadata = checkMetadata(input.metadata, 'metadata');
    const spec = this.draft({
      id,
      kind: 'post',
      legs,
      pendingId: reservation.id,
      metadata: { ...reservation.metadata, ...metadata },
      effectiveDate: input.effectiveDate,
      content: { pendingId: reservation.id, metadata },
    });
    if (reservation.state === 'posted') {
      const posted = (await loadTransfer(m, this.t, reservation.id, 'pending_id'))!;
      const same = posted.contentHash === spec.contentHash && (input.id === undefined || posted.id === id);
      if (same && (!spec.dateGiven || posted.effectiveDate === spec.effectiveDate))
        return transferView(posted, true);
      throw ledgerErrors.alreadyResolved(reservation.id, 'posted with other content');
    }
    this.assertOpen(reservation);
    const release = addLegs(new Map(), reservation.signedLegs, 'pending', -1);
    return this.apply(m, spec, { release, resolves: reservation.id });
  }

  /** Releases a reservation without posting it, exactly once; a second void answers with the first. */
  async void(m: EntityManager, pendingId: string, input: VoidInput = {}): Promise<LedgerTransfer> {
    assertTransaction(m, 'void');
    const reservation = await this.reservation(m, checkUuid(pendingId, 'pendingId'));
    if (reservation.state === 'voided') return transferView(reservation, true);
    if (reservation.state !== 'pending')
      throw ledgerErrors.alreadyResolved(reservation.id, reservation.state);
    const resolution = { reason: input.reason ?? null, metadata: checkMetadata(input.metadata, 'metadata') };
    await lockAccounts(
      m,
      this.t,
      reservation.signedLegs.map((l) => l.account),
    );
    const release = addLegs(new Map(), reservation.signedLegs, 'pending', -1);
    const resolved = await resolveReservations(m, this.t, [reservation.id], 'voided', resolution, release);
    // The row lock above makes this impossible; if it ever were not, say so rather than answer success.
    if (resolved !== 1) throw ledgerErrors.alreadyResolved(reservation.id, 'resolved concurrently');
    return transferView((await loadTransfer(m, this.t, reservation.id))!, false);
  }

  /**
   * Expires pending reservations whose time has run out (as of `asOf`, the database clock by default), up
   * to `limit` of them; those another transaction is posting are skipped. Returns how many expired: call it
   * until it returns 0. Idempotent: an expired reservation is never touched again.
   */
  async expireDue(m: EntityManager, options: { asOf?: Date; limit?: number } = {}): Promise<number> {
    assertTransaction(m, 'expiry');
    const limit = Math.min(Math.max(Math.trunc(Number(options.limit ?? 200)) || 200, 1), 5_000);
    const due = await lockOverdue(m, this.t, options.asOf ?? null, limit);
    if (due.length === 0) return 0;
    const legs = due.flatMap((r) => r.signedLegs);
    await lockAccounts(
      m,
      this.t,
      legs.map((l) => l.account),
    );
    const release = addLegs(new Map(), legs, 'pending', -1);
    return resolveReservations(
      m,
      this.t,
      due.map((r) => r.id),
      'expired',
      null,
      release,
    );
  }

  /** The mirror of a posted transfer, once; the correction must itself leave no account below zero. */
  async reverse(m: EntityManager, transferId: string, input: ReverseInput): Promise<LedgerTransfer> {
    assertTransaction(m, 'reversal');
    const id = checkUuid(input.id, 'id');
    const original = await loadTransfer(m, this.t, checkUuid(transferId, 'transferId'), 'id', true);
    if (!original) throw ledgerErrors.transferNotFound(transferId);
    if (original.kind === 'reservation') {
      throw ledgerErrors.notReversible(original.id, 'a reservation is voided, or its posting reversed');
    }
    const metadata = checkMetadata(input.metadata, 'metadata');
    const spec = this.draft({
      id,
      kind: 'reversal',
      legs: original.signedLegs.map((l) => ({ account: l.account, amount: -l.amount })),
      reverses: original.id,
      metadata: { ...original.metadata, ...metadata },
      effectiveDate: input.effectiveDate,
      content: { reverses: original.id, metadata },
    });
    const earlier = await loadTransfer(m, this.t, original.id, 'reverses');
    if (earlier && earlier.id !== id) throw ledgerErrors.alreadyReversed(original.id, earlier.id);
    return this.apply(m, spec, null);
  }

  private async reservation(m: EntityManager, id: string): Promise<StoredTransfer> {
    const reservation = await loadTransfer(m, this.t, id, 'id', true);
    if (!reservation) throw ledgerErrors.transferNotFound(id);
    if (reservation.kind !== 'reservation') throw ledgerErrors.notReservation(id);
    return reservation;
  }

  private assertOpen(reservation: StoredTransfer): void {
    if (reservation.state === 'expired' || reservation.overdue) throw ledgerErrors.expired(reservation.id);
    if (reservation.state !== 'pending')
      throw ledgerErrors.alreadyResolved(reservation.id, reservation.state);
  }

  private spec(
    input: TransferInput,
    kind: 'transfer' | 'reservation',
    extra: Record<string, unknown>,
  ): NewTransfer {
    const metadata = checkMetadata(input.metadata, 'metadata');
    const spec = this.draft({
      id: checkUuid(input.id, 'id'),
      kind,
      legs: legsOf(input),
      metadata,
      effectiveDate: input.effectiveDate,
      content: { ...extra, metadata, asset: input.asset ?? null },
    });
    return { ...spec, asset: input.asset };
  }

  private draft(d: {
    id: string;
    kind: NewTransfer['kind'];
    legs: SignedLeg[];
    metadata: Record<string, unknown>;
    effectiveDate: string | undefined;
    content: Record<string, unknown>;
    pendingId?: string;
    reverses?: string;
  }): NewTransfer {
    const today = todayIn(this.timeZone);
    const dateGiven = d.effectiveDate !== undefined;
    return {
      id: d.id,
      kind: d.kind,
      legs: d.legs,
      pendingId: d.pendingId,
      reverses: d.reverses,
      metadata: d.metadata,
      effectiveDate: dateGiven ? checkDate(d.effectiveDate, 'effectiveDate', today) : today,
      dateGiven,
      contentHash: contentHash({ kind: d.kind, legs: legsContent(d.legs), ...d.content }),
    };
  }

  /**
   * Locks the accounts and, in the same statement, looks for a transfer with this id: a retry of one that
   * committed earlier is answered with what it applied. A retry racing its original (still uncommitted
   * when the lock statement began) waited for the same locks; it is caught by the write, whose insert
   * finds the id taken, or, if the original used up the balance, by a second look before refusing.
   */
  private async apply(
    m: EntityManager,
    spec: NewTransfer,
    posting: { release: Map<string, BalanceDelta>; resolves: string } | null,
  ): Promise<LedgerTransfer> {
    const { accounts, probed } = await lockAccounts(
      m,
      this.t,
      spec.legs.map((l) => l.account),
      spec.id,
    );
    if (probed) return this.replay((await loadTransfer(m, this.t, spec.id))!, spec);
    checkAssets(spec.legs, accounts, spec.asset);
    const deltas = addLegs(
      posting?.release ?? new Map(),
      spec.legs,
      spec.kind === 'reservation' ? 'pending' : 'posted',
    );
    try {
      checkBalances(accounts, deltas);
    } catch (refusal) {
      const committed = await loadTransfer(m, this.t, spec.id);
      if (committed) return this.replay(committed, spec);
      throw refusal;
    }
    const resolve = posting ? { id: posting.resolves, state: 'posted' as const } : null;
    const written = await writeTransfer(m, this.t, spec, deltas, resolve);
    if (written) return transferView(written, false);
    // A transfer with this id committed while we waited for the locks.
    return this.replay((await loadTransfer(m, this.t, spec.id))!, spec);
  }

  private replay(existing: StoredTransfer, spec: NewTransfer): LedgerTransfer {
    const sameDate = !spec.dateGiven || existing.effectiveDate === spec.effectiveDate;
    if (existing.kind !== spec.kind || existing.contentHash !== spec.contentHash || !sameDate) {
      throw ledgerErrors.idReused(spec.id);
    }
    return transferView(existing, true);
  }
}
