import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditAndIdempotency1795320539534 implements MigrationInterface {
  name = 'AuditAndIdempotency1795320539534';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "gateway"."audit_log" ("seq" bigint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "subject" character varying(200), "roles" text array NOT NULL, "client_id" character varying(200), "actor_scope" character varying(200), "method" character varying(10) NOT NULL, "route" character varying(500) NOT NULL, "resource_ids" jsonb NOT NULL, "action" character varying(200) NOT NULL, "ip" character varying(64), "user_agent" character varying(500), "status" integer NOT NULL, "error_code" character varying(100), "unit_path" character varying(200), "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_ce5b9b7d945cab0a6c604bafd9e" PRIMARY KEY ("seq"))',
    );
    await runner.query('CREATE INDEX "IDX_audit_log_subject" ON "gateway"."audit_log"  ("subject", "seq") ');
    await runner.query('CREATE INDEX "IDX_audit_log_at" ON "gateway"."audit_log"  ("at") ');
    await runner.query(
      'CREATE TABLE "gateway"."audit_chain_head" ("id" smallint NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_9211408bf584034de409b1bbec5" PRIMARY KEY ("id"))',
    );
    // The scope filter of GET /api/v1/audit: the affected unit, or the actor's scope when it is unknown.
    await runner.query(
      `CREATE INDEX "IDX_audit_log_scope" ON "gateway"."audit_log"
         ((coalesce(unit_path, actor_scope)) text_pattern_ops, seq)`,
    );
    await runner.query(
      `INSERT INTO "gateway"."audit_chain_head" (id, seq, hash) VALUES (1, 0, repeat('0', 64))`,
    );
    // Append-only: rows can be inserted, never changed or removed (TRUNCATE included). The chain head only
    // moves forward. Whoever disables these triggers still leaves a chain that audit-verify proves broken.
    await runner.query(
      `CREATE FUNCTION "gateway"."audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'gateway.audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
       END $$`,
    );
    await runner.query(
      `CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "gateway"."audit_log"
         FOR EACH ROW EXECUTE FUNCTION "gateway"."audit_log_refuse_change"()`,
    );
    await runner.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "gateway"."audit_log"
         FOR EACH STATEMENT EXECUTE FUNCTION "gateway"."audit_log_refuse_change"()`,
    );
    await runner.query(
      `CREATE FUNCTION "gateway"."audit_chain_head_forward"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'UPDATE' OR NEW.id <> OLD.id OR NEW.seq <= OLD.seq THEN
           RAISE EXCEPTION 'gateway.audit_chain_head only moves forward: % refused', TG_OP
             USING ERRCODE = 'insufficient_privilege';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await runner.query(
      `CREATE TRIGGER "audit_chain_head_forward" BEFORE UPDATE OR DELETE ON "gateway"."audit_chain_head"
         FOR EACH ROW EXECUTE FUNCTION "gateway"."audit_chain_head_forward"()`,
    );
    await runner.query(
      `CREATE TRIGGER "audit_chain_head_no_truncate" BEFORE TRUNCATE ON "gateway"."audit_chain_head"
         FOR EACH STATEMENT EXECUTE FUNCTION "gateway"."audit_log_refuse_change"()`,
    );
    await runner.query(
      'CREATE TABLE "gateway"."idempotency_keys" ("caller" character varying(200) NOT NULL, "idempotency_key" character varying(255) NOT NULL, "route" character varying(500) NOT NULL, "request_hash" character(64) NOT NULL, "status" integer, "content_type" character varying(100), "body" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2ad7a896853c804e12973d59289" PRIMARY KEY ("caller", "idempotency_key", "route"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_idempotency_keys_created" ON "gateway"."idempotency_keys"  ("created_at") ',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "gateway"."IDX_idempotency_keys_created"');
    await runner.query('DROP TABLE "gateway"."idempotency_keys"');
    await runner.query('DROP TABLE "gateway"."audit_chain_head"');
    await runner.query('DROP INDEX "gateway"."IDX_audit_log_scope"');
    await runner.query('DROP INDEX "gateway"."IDX_audit_log_at"');
    await runner.query('DROP INDEX "gateway"."IDX_audit_log_subject"');
    await runner.query('DROP TABLE "gateway"."audit_log"');
    await runner.query('DROP FUNCTION "gateway"."audit_chain_head_forward"()');
    await runner.query('DROP FUNCTION "gateway"."audit_log_refuse_change"()');
  }
}
