import type { EntityManager } from 'typeorm';
import type { LedgerTransfer, TransferKind, TransferState } from './ledger-types.js';
import type { BalanceDelta, LockedAccount, NewTransfer, SignedLeg } from './ledger-legs.js';
import { legsView } from './ledger-legs.js';
import { sql, type Sql } from '../database/sql.js';
import { ledgerErrors, ledgerRows, num, type LedgerDb, type LedgerTables } from './ledger-support.js';

/**
 * The ledger's statements. Every change locks the account rows it touches in one statement, sorted by id,
 * so two writers over overlapping accounts queue in the same order and never deadlock; balances, entries
 * and daily balances then change in one statement under those locks.
 */

interface AccountRow {
  id: string;
  code: string;
  asset: string;
  normal_side: 'debit' | 'credit';
  allow_negative: boolean;
  posted_debits: string;
  posted_credits: string;
  pending_debits: string;
  pending_credits: string;
}

/**
 * Locks the accounts (sorted by id) and returns them; with `probe`, also says whether a transfer with that
 * id existed when the statement began, in the same round trip. The probe can miss a transfer committed
 * while this statement waited for a lock: callers treat "absent" as a hint (see LedgerPostings.apply).
 */
export async function lockAccounts(
  m: EntityManager,
  t: LedgerTables,
  ids: readonly string[],
  probe?: string,
): Promise<{ accounts: Map<string, LockedAccount>; probed: boolean }> {
  const wanted = [...new Set(ids)].sort();
  // NO KEY UPDATE: the lock UPDATE takes, which still lets entries reference the row (KEY SHARE).
  const rows = await ledgerRows<AccountRow & { probed: boolean }>(
    m,
    sql`SELECT id, code, asset, normal_side, allow_negative, posted_debits, posted_credits, pending_debits,
               pending_credits, EXISTS (SELECT 1 FROM ${t.transfers} WHERE id = ${probe ?? null}) AS probed
        FROM ${t.accounts} WHERE id = ANY(${wanted}::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
    true,
  );
  if (rows.length !== wanted.length) {
    const found = new Set(rows.map((r) => r.id));
    throw ledgerErrors.accountNotFound(wanted.filter((id) => !found.has(id)));
  }
  const accounts = new Map<string, LockedAccount>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        code: r.code,
        asset: r.asset,
        normalSide: r.normal_side,
        allowNegative: r.allow_negative,
        postedDebits: num(r.posted_debits),
        postedCredits: num(r.posted_credits),
        pendingDebits: num(r.pending_debits),
        pendingCredits: num(r.pending_credits),
      },
    ]),
  );
  return { accounts, probed: rows[0]?.probed ?? false };
}

export interface StoredTransfer extends Omit<LedgerTransfer, 'legs' | 'replayed'> {
  signedLegs: SignedLeg[];
  contentHash: string;
  /** A pending reservation whose time has run out (by the database clock). */
  overdue: boolean;
}

const transferColumns = sql.raw(`
  t.id, t.seq, t.kind, t.state, t.pending_id, t.reverses, t.effective_date::text AS effective_date,
  t.expires_at, t.content_hash, t.metadata, t.created_at, t.resolved_at, t.resolution,
  (t.state = 'pending' AND t.expires_at <= clock_timestamp()) AS overdue`);

function legsColumn(t: LedgerTables): Sql {
  return sql`COALESCE((SELECT json_agg(json_build_array(e.account_id, e.amount) ORDER BY e.leg)
                       FROM ${t.entries} e WHERE e.transfer_seq = t.seq), '[]'::json) AS legs`;
}

interface TransferRow {
  id: string;
  seq: string;
  kind: TransferKind;
  state: TransferState;
  pending_id: string | null;
  reverses: string | null;
  effective_date: string;
  expires_at: Date | null;
  content_hash: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  resolved_at: Date | null;
  resolution: Record<string, unknown> | null;
  overdue: boolean;
  legs: [string, number | string][];
}

function toStored(r: TransferRow): StoredTransfer {
  return {
    id: r.id,
    seq: num(r.seq),
    kind: r.kind,
    state: r.state,
    pendingId: r.pending_id,
    reverses: r.reverses,
    effectiveDate: r.effective_date,
    expiresAt: r.expires_at,
    contentHash: r.content_hash,
    metadata: r.metadata,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
    overdue: r.overdue,
    signedLegs: r.legs.map(([account, amount]) => ({ account, amount: num(amount) })),
  };
}

export function transferView(s: StoredTransfer, replayed: boolean): LedgerTransfer {
  const { signedLegs, contentHash: _hash, overdue: _overdue, ...rest } = s;
  return { ...rest, legs: legsView(signedLegs), replayed };
}

/**
 * A page of the journal, newest effective date first (then newest position), filtered by metadata
 * containment, kind and effective dates; `before` is the last row of the previous page.
 */
export async function listTransfers(
  db: LedgerDb,
  t: LedgerTables,
  filter: { match: string | null; kind: string | null; from: string | null; to: string | null },
  before: [string, number] | null,
  limit: number,
): Promise<StoredTransfer[]> {
  const rows = await ledgerRows<TransferRow>(
    db,
    sql`SELECT ${transferColumns}, ${legsColumn(t)} FROM ${t.transfers} t
        WHERE ${sql.and([
          ...(filter.match === null ? [] : [sql`t.metadata @> ${filter.match}::jsonb`]),
          ...(filter.kind === null ? [] : [sql`t.kind = ${filter.kind}`]),
          ...(filter.from === null ? [] : [sql`t.effective_date >= ${filter.from}::date`]),
          ...(filter.to === null ? [] : [sql`t.effective_date <= ${filter.to}::date`]),
          ...(before === null
            ? []
            : [sql`(t.effective_date, t.seq) < (${before[0]}::date, ${before[1]}::bigint)`]),
        ])}
        ORDER BY t.effective_date DESC, t.seq DESC LIMIT ${limit}`,
  );
  return rows.map(toStored);
}

/** One transfer with its legs, by id or (`by: 'pending_id' | 'reverses'`) by the transfer it refers to. */
export async function loadTransfer(
  db: LedgerDb,
  t: LedgerTables,
  key: string,
  by: 'id' | 'pending_id' | 'reverses' = 'id',
  lock = false,
): Promise<StoredTransfer | null> {
  const rows = await ledgerRows<TransferRow>(
    db,
    sql`SELECT ${transferColumns}, ${legsColumn(t)} FROM ${t.transfers} t WHERE t.${sql.raw(by)} = ${key}
        ${lock ? sql`FOR NO KEY UPDATE OF t` : sql.empty}`,
    true,
  );
  return rows[0] ? toStored(rows[0]) : null;
}

/** Pending reservations whose time ran out, locked; those another transaction holds are left to it. */
export async function lockOverdue(
  m: EntityManager,
  t: LedgerTables,
  asOf: Date | null,
  limit: number,
): Promise<StoredTransfer[]> {
  const rows = await ledgerRows<TransferRow>(
    m,
    sql`SELECT ${transferColumns}, ${legsColumn(t)} FROM ${t.transfers} t
        WHERE t.state = 'pending' AND t.expires_at <= COALESCE(${asOf}::timestamptz, clock_timestamp())
        ORDER BY t.expires_at, t.seq LIMIT ${limit} FOR NO KEY UPDATE OF t SKIP LOCKED`,
    true,
  );
  return rows.map(toStored);
}

/**
 * Balances and daily balances move by `deltas` (the `d` CTE), once per row of `gate` (named `x`, with the
 * effective `day`): nothing moves when the gate is empty.
 */
function balanceCtes(t: LedgerTables, gate: Sql, deltas: ReadonlyMap<string, BalanceDelta>): Sql {
  const ids = [...deltas.keys()];
  const col = (k: keyof BalanceDelta) => ids.map((id) => deltas.get(id)![k]);
  return sql`
    d AS (SELECT * FROM unnest(${ids}::uuid[], ${col('postedDebits')}::bigint[], ${col('postedCredits')}::bigint[],
                               ${col('pendingDebits')}::bigint[], ${col('pendingCredits')}::bigint[])
            AS d(account, pd, pc, nd, nc)),
    b AS (UPDATE ${t.accounts} a
            SET posted_debits = a.posted_debits + d.pd, posted_credits = a.posted_credits + d.pc,
                pending_debits = a.pending_debits + d.nd, pending_credits = a.pending_credits + d.nc,
                version = a.version + 1
          FROM d, ${gate} WHERE a.id = d.account RETURNING a.id),
    h AS (INSERT INTO ${t.daily} (account_id, day, posted_debits, posted_credits)
          SELECT d.account, x.day, COALESCE(p.posted_debits, 0) + d.pd, COALESCE(p.posted_credits, 0) + d.pc
          FROM d CROSS JOIN ${gate} LEFT JOIN LATERAL (
            SELECT posted_debits, posted_credits FROM ${t.daily} prev
            WHERE prev.account_id = d.account AND prev.day <= x.day ORDER BY prev.day DESC LIMIT 1) p ON true
          WHERE d.pd <> 0 OR d.pc <> 0
          ON CONFLICT (account_id, day) DO UPDATE
            SET posted_debits = EXCLUDED.posted_debits, posted_credits = EXCLUDED.posted_credits
          RETURNING 1),
    later AS (UPDATE ${t.daily} y
              SET posted_debits = y.posted_debits + d.pd, posted_credits = y.posted_credits + d.pc
              FROM d, ${gate} WHERE y.account_id = d.account AND y.day > x.day AND (d.pd <> 0 OR d.pc <> 0)
              RETURNING 1)`;
}

/**
 * Inserts the transfer, its entries and moves the balances in one statement. Returns null when a transfer
 * with this id already exists (a concurrent retry won): the caller compares content. `resolve` moves a
 * reservation to its final state in the same statement (posting it).
 */
export async function writeTransfer(
  m: EntityManager,
  t: LedgerTables,
  spec: NewTransfer,
  deltas: ReadonlyMap<string, BalanceDelta>,
  resolve: { id: string; state: TransferState } | null,
): Promise<StoredTransfer | null> {
  const pending = spec.kind === 'reservation';
  const expiresAt = pending
    ? sql`COALESCE(${spec.expiresAt ?? null}::timestamptz,
                   clock_timestamp() + make_interval(secs => ${spec.timeoutSeconds ?? null}::float8))`
    : sql`NULL`;
  const rows = await ledgerRows<{ seq: string; created_at: Date; expires_at: Date | null }>(
    m,
    sql`WITH x AS (
          INSERT INTO ${t.transfers}
            (id, kind, state, pending_id, reverses, effective_date, expires_at, content_hash, metadata)
          VALUES (${spec.id}, ${spec.kind}, ${pending ? 'pending' : 'posted'}, ${spec.pendingId ?? null},
                  ${spec.reverses ?? null}, ${spec.effectiveDate}::date, ${expiresAt}, ${spec.contentHash},
                  ${JSON.stringify(spec.metadata)}::jsonb)
          ON CONFLICT (id) DO NOTHING
          RETURNING seq, effective_date AS day, created_at, expires_at),
        e AS (INSERT INTO ${t.entries} (transfer_seq, leg, account_id, amount, pending, effective_date)
              SELECT x.seq, l.leg, l.account, l.amount, ${pending}::boolean, x.day
              FROM x, unnest(${spec.legs.map((_, i) => i + 1)}::int[], ${spec.legs.map((l) => l.account)}::uuid[],
                             ${spec.legs.map((l) => l.amount)}::bigint[]) AS l(leg, account, amount)
              RETURNING 1),
        r AS (UPDATE ${t.transfers} p SET state = ${resolve?.state ?? null}, resolved_at = clock_timestamp()
              FROM x WHERE p.id = ${resolve?.id ?? null} RETURNING 1),
        ${balanceCtes(t, sql`x`, deltas)}
        SELECT seq, created_at, expires_at FROM x`,
    true,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: spec.id,
    seq: num(row.seq),
    kind: spec.kind,
    state: pending ? 'pending' : 'posted',
    pendingId: spec.pendingId ?? null,
    reverses: spec.reverses ?? null,
    effectiveDate: spec.effectiveDate,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    resolvedAt: null,
    resolution: null,
    metadata: spec.metadata,
    contentHash: spec.contentHash,
    overdue: false,
    signedLegs: spec.legs,
  };
}

/** Resolves pending reservations without posting (void, expiry): state moves, held amounts are released. */
export async function resolveReservations(
  m: EntityManager,
  t: LedgerTables,
  ids: readonly string[],
  state: 'voided' | 'expired',
  resolution: Record<string, unknown> | null,
  deltas: ReadonlyMap<string, BalanceDelta>,
): Promise<number> {
  // The daily balances are untouched (only pending amounts move); the gate is the resolved rows.
  const rows = await ledgerRows<{ n: string }>(
    m,
    sql`WITH x AS (UPDATE ${t.transfers}
                   SET state = ${state}, resolved_at = clock_timestamp(),
                       resolution = ${resolution ? JSON.stringify(resolution) : null}::jsonb
                   WHERE id = ANY(${ids}::uuid[]) AND state = 'pending' RETURNING effective_date AS day),
             g AS (SELECT max(day) AS day FROM x HAVING count(*) > 0),
             ${balanceCtes(t, sql`g x`, deltas)}
        SELECT (SELECT count(*) FROM x) AS n`,
    true,
  );
  return num(rows[0]?.n);
}
