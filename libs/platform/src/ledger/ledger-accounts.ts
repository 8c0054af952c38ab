import { randomUUID } from 'node:crypto';
import {
  ACCOUNT_KINDS,
  normalSideOf,
  type LedgerAccount,
  type LedgerAccountKind,
  type OpenAccountInput,
} from './ledger-types.js';
import { sql } from '../database/sql.js';
import {
  canonicalJson,
  checkMetadata,
  checkUuid,
  ledgerErrors,
  ledgerRows,
  type LedgerDb,
  type LedgerTables,
} from './ledger-support.js';

interface AccountRow {
  id: string;
  code: string;
  name: string;
  kind: LedgerAccountKind;
  asset: string;
  normal_side: 'debit' | 'credit';
  allow_negative: boolean;
  unit_path: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
}

const columns = sql.raw(
  'id, code, name, kind, asset, normal_side, allow_negative, unit_path, metadata, created_at',
);

function toAccount(r: AccountRow): LedgerAccount {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    asset: r.asset,
    normalSide: r.normal_side,
    allowNegative: r.allow_negative,
    unitPath: r.unit_path,
    metadata: r.metadata,
    createdAt: r.created_at,
  };
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9:._/-]{0,199}$/;
const UNIT_PATH = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const ASSET = /^[A-Z][A-Z0-9_]{1,31}$/;

export class LedgerAccounts {
  constructor(private readonly t: LedgerTables) {}

  /**
   * Opens an account, idempotently by code: opening it again with the same definition returns it; with
   * another kind, asset, negative allowance or unit it is refused (`ledger.account_code_reused`).
   * Name and metadata of an existing account are left as they were.
   */
  async open(db: LedgerDb, input: OpenAccountInput): Promise<LedgerAccount> {
    const field = (f: string, message: string) =>
      ledgerErrors.invalid(`Invalid ${f}`, [{ field: f, message }]);
    if (typeof input.code !== 'string' || !CODE.test(input.code)) throw field('code', String(input.code));
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 200)
      throw field('name', 'required, ≤ 200 characters');
    if (!ACCOUNT_KINDS.includes(input.kind)) throw field('kind', `one of ${ACCOUNT_KINDS.join(', ')}`);
    if (typeof input.asset !== 'string' || !ASSET.test(input.asset))
      throw field('asset', String(input.asset));
    const unitPath = input.unitPath ?? null;
    if (unitPath !== null && (typeof unitPath !== 'string' || !UNIT_PATH.test(unitPath)))
      throw field('unitPath', String(unitPath));
    const id = input.id === undefined ? randomUUID() : checkUuid(input.id, 'id');
    const wanted = {
      kind: input.kind,
      asset: input.asset,
      normalSide: normalSideOf(input.kind),
      allowNegative: input.allowNegative ?? false,
      unitPath,
    };
    const metadata = JSON.stringify(checkMetadata(input.metadata, 'metadata'));
    const inserted = await ledgerRows<AccountRow>(
      db,
      sql`INSERT INTO ${this.t.accounts}
            (id, code, name, kind, asset, normal_side, allow_negative, unit_path, metadata)
          VALUES (${id}, ${input.code}, ${input.name.trim()}, ${wanted.kind}, ${wanted.asset}, ${wanted.normalSide},
                  ${wanted.allowNegative}, ${unitPath}, ${metadata}::jsonb)
          ON CONFLICT DO NOTHING RETURNING ${columns}`,
    );
    if (inserted[0]) return toAccount(inserted[0]);
    const existing = await this.byCode(db, input.code);
    // Nothing under this code: the conflict was on the id, which another account already has.
    if (!existing)
      throw ledgerErrors.accountCodeReused(`${input.code} (id ${id} belongs to another account)`);
    const same =
      canonicalJson({
        kind: existing.kind,
        asset: existing.asset,
        normalSide: existing.normalSide,
        allowNegative: existing.allowNegative,
        unitPath: existing.unitPath,
      }) === canonicalJson(wanted) &&
      (input.id === undefined || existing.id === id);
    if (!same) throw ledgerErrors.accountCodeReused(input.code);
    return existing;
  }

  async byId(db: LedgerDb, id: string): Promise<LedgerAccount> {
    const rows = await ledgerRows<AccountRow>(
      db,
      sql`SELECT ${columns} FROM ${this.t.accounts} WHERE id = ${checkUuid(id, 'accountId')}`,
    );
    if (!rows[0]) throw ledgerErrors.accountNotFound([id]);
    return toAccount(rows[0]);
  }

  async byCode(db: LedgerDb, code: string): Promise<LedgerAccount | null> {
    const rows = await ledgerRows<AccountRow>(
      db,
      sql`SELECT ${columns} FROM ${this.t.accounts} WHERE code = ${code}`,
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** Accounts by code, in one query (for services that name accounts by code and post by id). */
  async byCodes(db: LedgerDb, codes: readonly string[]): Promise<Map<string, LedgerAccount>> {
    const rows = await ledgerRows<AccountRow>(
      db,
      sql`SELECT ${columns} FROM ${this.t.accounts} WHERE code = ANY(${codes}::text[])`,
    );
    return new Map(rows.map((r) => [r.code, toAccount(r)]));
  }
}
