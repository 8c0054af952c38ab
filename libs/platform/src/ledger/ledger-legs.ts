import type { LedgerLeg, LegInput, TransferInput, TransferKind } from './ledger-types.js';
import { checkAmount, checkUuid, ledgerErrors } from './ledger-support.js';

/** A leg as stored: the amount signed, + debit and − credit. */
export interface SignedLeg {
  account: string;
  amount: number;
}

/** What a transfer does to one account's four balance columns. */
export interface BalanceDelta {
  postedDebits: number;
  postedCredits: number;
  pendingDebits: number;
  pendingCredits: number;
}

/** The account row as locked for a change. */
export interface LockedAccount extends BalanceDelta {
  id: string;
  code: string;
  asset: string;
  normalSide: 'debit' | 'credit';
  allowNegative: boolean;
}

const MAX_LEGS = 64;

/** The legs of a transfer request, checked: positive integers, no account twice, debits = credits. */
export function legsOf(input: TransferInput): SignedLeg[] {
  if ('legs' in input && input.legs !== undefined) {
    if ('debit' in input || 'credit' in input) {
      throw ledgerErrors.invalid('Give either legs or debit/credit/amount, not both');
    }
    if (!Array.isArray(input.legs) || input.legs.length < 2 || input.legs.length > MAX_LEGS) {
      throw ledgerErrors.invalid(`A transfer has 2 to ${MAX_LEGS} legs`, [
        { field: 'legs', message: 'count' },
      ]);
    }
    return checkDistinct(
      input.legs.map((leg: LegInput, i) => {
        if (leg.side !== 'debit' && leg.side !== 'credit') {
          throw ledgerErrors.invalid('A leg is a debit or a credit', [
            { field: `legs[${i}].side`, message: String(leg.side) },
          ]);
        }
        const amount = checkAmount(leg.amount, `legs[${i}].amount`);
        return {
          account: checkUuid(leg.account, `legs[${i}].account`),
          amount: leg.side === 'debit' ? amount : -amount,
        };
      }),
    );
  }
  const pair = input as { debit?: unknown; credit?: unknown; amount?: unknown };
  const amount = checkAmount(pair.amount, 'amount');
  const debit = checkUuid(pair.debit, 'debit');
  const credit = checkUuid(pair.credit, 'credit');
  return checkDistinct([
    { account: debit, amount },
    { account: credit, amount: -amount },
  ]);
}

function checkDistinct(legs: SignedLeg[]): SignedLeg[] {
  const seen = new Set<string>();
  for (const leg of legs) {
    if (seen.has(leg.account)) {
      throw ledgerErrors.invalid(`Account ${leg.account} appears twice in one transfer`, [
        { field: 'legs', message: 'duplicate account' },
      ]);
    }
    seen.add(leg.account);
  }
  const debits = legs.filter((l) => l.amount > 0).reduce((s, l) => s + l.amount, 0);
  const credits = legs.filter((l) => l.amount < 0).reduce((s, l) => s - l.amount, 0);
  if (debits !== credits) throw ledgerErrors.unbalanced('the transfer', debits, credits);
  if (!Number.isSafeInteger(debits)) throw ledgerErrors.overflow(String(debits));
  return legs;
}

/** Legs as content for the idempotency hash: order of legs given does not change what a transfer is. */
export function legsContent(legs: readonly SignedLeg[]): [string, number][] {
  return legs
    .map((l): [string, number] => [l.account, l.amount])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Debits and credits balance per asset, and every account books the asset asked for. */
export function checkAssets(
  legs: readonly SignedLeg[],
  accounts: ReadonlyMap<string, LockedAccount>,
  asset: string | undefined,
): void {
  const net = new Map<string, { debits: number; credits: number }>();
  for (const leg of legs) {
    const account = accounts.get(leg.account)!;
    if (asset !== undefined && account.asset !== asset) {
      throw ledgerErrors.assetMismatch(`Account ${account.code} books ${account.asset}, not ${asset}`);
    }
    const sum = net.get(account.asset) ?? { debits: 0, credits: 0 };
    if (leg.amount > 0) sum.debits += leg.amount;
    else sum.credits -= leg.amount;
    net.set(account.asset, sum);
  }
  for (const [code, { debits, credits }] of net) {
    if (debits !== credits) throw ledgerErrors.unbalanced(code, debits, credits);
  }
}

export const zeroDelta = (): BalanceDelta => ({
  postedDebits: 0,
  postedCredits: 0,
  pendingDebits: 0,
  pendingCredits: 0,
});

/** Adds legs to the per-account deltas: posted or pending, applied (+1) or released (−1). */
export function addLegs(
  deltas: Map<string, BalanceDelta>,
  legs: readonly SignedLeg[],
  phase: 'posted' | 'pending',
  sign: 1 | -1 = 1,
): Map<string, BalanceDelta> {
  for (const leg of legs) {
    const d = deltas.get(leg.account) ?? zeroDelta();
    if (phase === 'posted') {
      if (leg.amount > 0) d.postedDebits += sign * leg.amount;
      else d.postedCredits -= sign * leg.amount;
    } else if (leg.amount > 0) d.pendingDebits += sign * leg.amount;
    else d.pendingCredits -= sign * leg.amount;
    deltas.set(leg.account, d);
  }
  return deltas;
}

/** Balance on the normal side, and what is available once pending decreases are held back. */
export function balanceOf(a: BalanceDelta & { normalSide: 'debit' | 'credit' }): {
  balance: number;
  available: number;
} {
  if (a.normalSide === 'debit') {
    const balance = a.postedDebits - a.postedCredits;
    return { balance, available: balance - a.pendingCredits };
  }
  const balance = a.postedCredits - a.postedDebits;
  return { balance, available: balance - a.pendingDebits };
}

/** Refuses the change if an account that may not go negative would have less than zero available. */
export function checkBalances(
  accounts: ReadonlyMap<string, LockedAccount>,
  deltas: ReadonlyMap<string, BalanceDelta>,
): void {
  for (const [id, d] of deltas) {
    const a = accounts.get(id)!;
    if (a.allowNegative) continue;
    const after = balanceOf({
      normalSide: a.normalSide,
      postedDebits: a.postedDebits + d.postedDebits,
      postedCredits: a.postedCredits + d.postedCredits,
      pendingDebits: a.pendingDebits + d.pendingDebits,
      pendingCredits: a.pendingCredits + d.pendingCredits,
    });
    if (after.available < 0) {
      const before = balanceOf(a).available;
      throw ledgerErrors.insufficient(a.code, before, before - after.available);
    }
  }
}

/** The legs of a reservation posted for `amount` (all of it when undefined). */
export function postedLegs(
  id: string,
  reserved: readonly SignedLeg[],
  amount: number | undefined,
): SignedLeg[] {
  const total = reserved.filter((l) => l.amount > 0).reduce((s, l) => s + l.amount, 0);
  if (amount === undefined || amount === total) return reserved.map((l) => ({ ...l }));
  checkAmount(amount, 'amount');
  if (amount > total) throw ledgerErrors.exceedsReservation(id, total, amount);
  if (reserved.length !== 2) {
    throw ledgerErrors.invalid(
      'Only a two-leg reservation can be posted in part: post all of it, or reverse after',
      [{ field: 'amount', message: 'partial post of a multi-leg reservation' }],
    );
  }
  return reserved.map((l) => ({ account: l.account, amount: l.amount > 0 ? amount : -amount }));
}

export function legsView(legs: readonly SignedLeg[]): LedgerLeg[] {
  return legs.map((l) => ({
    account: l.account,
    side: l.amount > 0 ? 'debit' : 'credit',
    amount: Math.abs(l.amount),
  }));
}

export interface NewTransfer {
  id: string;
  kind: TransferKind;
  legs: SignedLeg[];
  effectiveDate: string;
  /** True when the caller chose the date: a retry must then repeat it. */
  dateGiven: boolean;
  metadata: Record<string, unknown>;
  contentHash: string;
  asset?: string;
  pendingId?: string;
  reverses?: string;
  expiresAt?: Date;
  timeoutSeconds?: number;
}
