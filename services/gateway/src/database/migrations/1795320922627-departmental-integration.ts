import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DepartmentalIntegration1795320922627 implements MigrationInterface {
  name = 'DepartmentalIntegration1795320922627';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "gateway"."webhook_subscriptions" ("id" uuid NOT NULL, "owner_subject" character varying(128) NOT NULL, "owner_scope_path" character varying(200), "owner_department" character varying(40), "owner_client_id" uuid, "url" character varying(2000) NOT NULL, "event_types" text array NOT NULL, "filter_department" character varying(40), "filter_categories" text array, "filter_unit" character varying(40), "secret" character varying(100) NOT NULL, "active" boolean NOT NULL DEFAULT true, "max_concurrency" integer NOT NULL DEFAULT \'4\', "timeout_ms" integer NOT NULL DEFAULT \'5000\', "description" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_webhook_subscriptions_owner" ON "gateway"."webhook_subscriptions"  ("owner_subject") ',
    );
    await runner.query(
      'CREATE TABLE "gateway"."webhook_deliveries" ("id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "event_id" character varying(200) NOT NULL, "event_type" character varying(120) NOT NULL, "body" text NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE, "last_response_status" integer, "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_webhook_deliveries_event" UNIQUE ("subscription_id", "event_id"), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_webhook_deliveries_due" ON "gateway"."webhook_deliveries"  ("status", "next_attempt_at") ',
    );
    await runner.query(
      'CREATE INDEX "IDX_webhook_deliveries_ready" ON "gateway"."webhook_deliveries"  ("subscription_id", "status", "next_attempt_at") ',
    );
    await runner.query(
      'CREATE TABLE "gateway"."webhook_attempts" ("id" uuid NOT NULL, "delivery_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "latency_ms" integer NOT NULL, "response_status" integer, "error" character varying(500), "outcome" character varying(16) NOT NULL, CONSTRAINT "PK_2de7e7887ad97de459adab62638" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_webhook_attempts_delivery" ON "gateway"."webhook_attempts"  ("delivery_id", "started_at") ',
    );
    await runner.query(
      'CREATE TABLE "gateway"."api_clients" ("id" uuid NOT NULL, "name" character varying(120) NOT NULL, "roles" text array NOT NULL, "unit_code" character varying(40) NOT NULL, "unit_path" character varying(200) NOT NULL, "department_code" character varying(40) NOT NULL, "rate_per_second" double precision NOT NULL, "rate_burst" integer NOT NULL, "created_by" character varying(128) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ef2d5ef0eb5e9a6ddc67cfa310e" PRIMARY KEY ("id"))',
    );
    await runner.query('CREATE INDEX "IDX_api_clients_unit_path" ON "gateway"."api_clients"  ("unit_path") ');
    await runner.query('CREATE INDEX "IDX_api_clients_revoked" ON "gateway"."api_clients"  ("revoked_at") ');
    await runner.query(
      'CREATE TABLE "gateway"."api_client_secrets" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "secret_hash" character(64) NOT NULL, "hint" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_79e821be795fca55e9ce734b31b" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_api_client_secrets_client" ON "gateway"."api_client_secrets"  ("client_id") ',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_api_client_secrets_hash" ON "gateway"."api_client_secrets"  ("secret_hash") ',
    );
    await runner.query(
      'CREATE TABLE "gateway"."rate_limit_buckets" ("key" character varying(100) NOT NULL, "tat" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9eb2f8a2ae370667b4ca83dd313" PRIMARY KEY ("key"))',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "gateway"."rate_limit_buckets"');
    await runner.query('DROP INDEX "gateway"."UQ_api_client_secrets_hash"');
    await runner.query('DROP INDEX "gateway"."IDX_api_client_secrets_client"');
    await runner.query('DROP TABLE "gateway"."api_client_secrets"');
    await runner.query('DROP INDEX "gateway"."IDX_api_clients_revoked"');
    await runner.query('DROP INDEX "gateway"."IDX_api_clients_unit_path"');
    await runner.query('DROP TABLE "gateway"."api_clients"');
    await runner.query('DROP INDEX "gateway"."IDX_webhook_attempts_delivery"');
    await runner.query('DROP TABLE "gateway"."webhook_attempts"');
    await runner.query('DROP INDEX "gateway"."IDX_webhook_deliveries_ready"');
    await runner.query('DROP INDEX "gateway"."IDX_webhook_deliveries_due"');
    await runner.query('DROP TABLE "gateway"."webhook_deliveries"');
    await runner.query('DROP INDEX "gateway"."IDX_webhook_subscriptions_owner"');
    await runner.query('DROP TABLE "gateway"."webhook_subscriptions"');
  }
}
