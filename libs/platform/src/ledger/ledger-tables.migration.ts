import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from '../database/data-source.js';
import { schemaOf } from '../database/platform-tables.migration.js';

/**
 * The double-entry ledger's tables in the schema of the service that lists this migration (funding keeps
 * money, volunteer keeps hours and points; each has its own copy). See docs/adr/0009-ledger.md.
 *
 * - `ledger_accounts`: one row per account with its running balances (posted and pending, debits and
 *   credits) and a version; a CHECK refuses a negative balance unless the account allows one.
 * - `ledger_transfers`: the journal. A transfer's id is the caller's idempotency key. Only a reservation's
 *   state moves, once, from `pending` to `posted`, `voided` or `expired`.
 * - `ledger_entries`: one row per leg, amount signed (+ debit, − credit), append-only.
 * - `ledger_daily_balances`: cumulative posted debits and credits of an account through the end of each
 *   effective date it has postings on, so a balance as of any date is one index probe.
 *
 * Never edit this once released: add a new migration instead.
 */
export class LedgerTables1796292000000 implements MigrationInterface {
  name = 'LedgerTables1796292000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteIdent(schemaOf(runner));
    await runner.query(`
      CREATE TABLE ${s}.ledger_accounts (
        id uuid PRIMARY KEY,
        code text COLLATE "C" NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'income', 'expense')),
        asset text NOT NULL CHECK (asset ~ '^[A-Z][A-Z0-9_]{1,31}$'),
        normal_side text NOT NULL CHECK (normal_side IN ('debit', 'credit')),
        allow_negative boolean NOT NULL DEFAULT false,
        unit_path text COLLATE "C",
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        posted_debits bigint NOT NULL DEFAULT 0 CHECK (posted_debits >= 0),
        posted_credits bigint NOT NULL DEFAULT 0 CHECK (posted_credits >= 0),
        pending_debits bigint NOT NULL DEFAULT 0 CHECK (pending_debits >= 0),
        pending_credits bigint NOT NULL DEFAULT 0 CHECK (pending_credits >= 0),
        version bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_accounts_not_negative CHECK (
          allow_negative OR CASE normal_side
            WHEN 'debit' THEN posted_credits + pending_credits <= posted_debits
            ELSE posted_debits + pending_debits <= posted_credits END)
      ) WITH (fillfactor = 80)`);
    await runner.query(
      `CREATE INDEX ledger_accounts_unit_path_idx ON ${s}.ledger_accounts (unit_path, code)`,
    );
    await runner.query(
      `CREATE INDEX ledger_accounts_metadata_idx ON ${s}.ledger_accounts USING gin (metadata jsonb_path_ops)`,
    );

    await runner.query(`
      CREATE TABLE ${s}.ledger_transfers (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        kind text NOT NULL CHECK (kind IN ('transfer', 'reservation', 'post', 'reversal')),
        state text NOT NULL CHECK (state IN ('posted', 'pending', 'voided', 'expired')),
        pending_id uuid UNIQUE REFERENCES ${s}.ledger_transfers (id),
        reverses uuid UNIQUE REFERENCES ${s}.ledger_transfers (id),
        effective_date date NOT NULL,
        expires_at timestamptz,
        content_hash text NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolution jsonb,
        CHECK ((kind = 'post') = (pending_id IS NOT NULL)),
        CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
        CHECK ((kind = 'reservation') = (expires_at IS NOT NULL)),
        CHECK (kind = 'reservation' OR state = 'posted'),
        CHECK ((kind = 'reservation' AND state <> 'pending') = (resolved_at IS NOT NULL))
      )`);
    await runner.query(
      `CREATE INDEX ledger_transfers_expiry_idx ON ${s}.ledger_transfers (expires_at) WHERE state = 'pending'`,
    );
    await runner.query(
      `CREATE INDEX ledger_transfers_date_idx ON ${s}.ledger_transfers (effective_date, seq)`,
    );
    await runner.query(
      `CREATE INDEX ledger_transfers_metadata_idx ON ${s}.ledger_transfers USING gin (metadata jsonb_path_ops)`,
    );

    await runner.query(`
      CREATE TABLE ${s}.ledger_entries (
        transfer_seq bigint NOT NULL REFERENCES ${s}.ledger_transfers (seq),
        leg smallint NOT NULL,
        account_id uuid NOT NULL REFERENCES ${s}.ledger_accounts (id),
        amount bigint NOT NULL CHECK (amount <> 0),
        pending boolean NOT NULL,
        effective_date date NOT NULL,
        PRIMARY KEY (transfer_seq, leg)
      )`);
    // Statements, balances as of a date and verification walk an account's posted entries in this order,
    // reading the amount from the index alone.
    await runner.query(`
      CREATE INDEX ledger_entries_account_idx ON ${s}.ledger_entries
        (account_id, effective_date, transfer_seq, leg) INCLUDE (amount) WHERE NOT pending`);
    await runner.query(`
      CREATE INDEX ledger_entries_pending_idx ON ${s}.ledger_entries
        (account_id) INCLUDE (transfer_seq, amount) WHERE pending`);

    await runner.query(`
      CREATE TABLE ${s}.ledger_daily_balances (
        account_id uuid NOT NULL REFERENCES ${s}.ledger_accounts (id),
        day date NOT NULL,
        posted_debits bigint NOT NULL CHECK (posted_debits >= 0),
        posted_credits bigint NOT NULL CHECK (posted_credits >= 0),
        PRIMARY KEY (account_id, day)
      )`);

    await this.appendOnlyTriggers(runner, s);
  }

  /** The database itself refuses edits and deletions, whatever code (or person) connects. */
  private async appendOnlyTriggers(runner: QueryRunner, s: string): Promise<void> {
    await runner.query(`
      CREATE FUNCTION ${s}.ledger_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger: % on % is refused: the ledger is append-only, correct it with a reversing transfer',
          TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$`);
    // A reservation's state moves once from pending; nothing else in a transfer ever changes.
    await runner.query(`
      CREATE FUNCTION ${s}.ledger_transfer_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.state = 'pending' AND NEW.state IN ('posted', 'voided', 'expired')
           AND NEW.resolved_at IS NOT NULL
           AND (to_jsonb(NEW) - 'state' - 'resolved_at' - 'resolution')
             = (to_jsonb(OLD) - 'state' - 'resolved_at' - 'resolution') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'ledger: transfer % cannot change from % to %: only a pending reservation is resolved, once',
          OLD.id, OLD.state, NEW.state USING ERRCODE = 'restrict_violation';
      END $$`);
    // Balances move; what an account is (its code, kind, asset, side) does not once it exists.
    await runner.query(`
      CREATE FUNCTION ${s}.ledger_account_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.id, NEW.code, NEW.kind, NEW.asset, NEW.normal_side, NEW.created_at)
           IS DISTINCT FROM (OLD.id, OLD.code, OLD.kind, OLD.asset, OLD.normal_side, OLD.created_at) THEN
          RAISE EXCEPTION 'ledger: account % cannot change its code, kind, asset or side', OLD.code
            USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER ledger_transfers_update BEFORE UPDATE ON ${s}.ledger_transfers
        FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_transfer_update()`);
    await runner.query(`
      CREATE TRIGGER ledger_accounts_update BEFORE UPDATE ON ${s}.ledger_accounts
        FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_account_update()`);
    for (const table of ['ledger_entries']) {
      await runner.query(`
        CREATE TRIGGER ${table}_update BEFORE UPDATE ON ${s}.${table}
          FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_refuse()`);
    }
    for (const table of ['ledger_accounts', 'ledger_transfers', 'ledger_entries', 'ledger_daily_balances']) {
      await runner.query(`
        CREATE TRIGGER ${table}_delete BEFORE DELETE ON ${s}.${table}
          FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_refuse()`);
      await runner.query(`
        CREATE TRIGGER ${table}_truncate BEFORE TRUNCATE ON ${s}.${table}
          FOR EACH STATEMENT EXECUTE FUNCTION ${s}.ledger_refuse()`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteIdent(schemaOf(runner));
    await runner.query(`DROP TABLE ${s}.ledger_daily_balances`);
    await runner.query(`DROP TABLE ${s}.ledger_entries`);
    await runner.query(`DROP TABLE ${s}.ledger_transfers`);
    await runner.query(`DROP TABLE ${s}.ledger_accounts`);
    await runner.query(`DROP FUNCTION ${s}.ledger_account_update()`);
    await runner.query(`DROP FUNCTION ${s}.ledger_transfer_update()`);
    await runner.query(`DROP FUNCTION ${s}.ledger_refuse()`);
  }
}
