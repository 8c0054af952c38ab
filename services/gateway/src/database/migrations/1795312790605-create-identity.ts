import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1795312790605 implements MigrationInterface {
  name = 'CreateIdentity1795312790605';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "gateway"."users" ("id" uuid NOT NULL, "username" character varying(64) NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL, "unit_code" character varying(40), "department_code" character varying(40), "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await runner.query('CREATE UNIQUE INDEX "UQ_users_username" ON "gateway"."users"  ("username") ');
    await runner.query(
      'CREATE TABLE "gateway"."login_throttle" ("key" character varying(200) NOT NULL, "failures" integer NOT NULL DEFAULT \'0\', "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))',
    );
    await runner.query(
      'CREATE TABLE "gateway"."refresh_tokens" ("id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_refresh_tokens_hash" ON "gateway"."refresh_tokens"  ("token_hash") ',
    );
    await runner.query(
      'CREATE INDEX "IDX_refresh_tokens_family" ON "gateway"."refresh_tokens"  ("family_id") ',
    );
    await runner.query(
      'CREATE TABLE "gateway"."signing_keys" ("kid" character varying(64) NOT NULL, "private_jwk" jsonb NOT NULL, "public_jwk" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_13362ac3e792c69417e1a53d355" PRIMARY KEY ("kid"))',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "gateway"."signing_keys"');
    await runner.query('DROP INDEX "gateway"."IDX_refresh_tokens_family"');
    await runner.query('DROP INDEX "gateway"."UQ_refresh_tokens_hash"');
    await runner.query('DROP TABLE "gateway"."refresh_tokens"');
    await runner.query('DROP TABLE "gateway"."login_throttle"');
    await runner.query('DROP INDEX "gateway"."UQ_users_username"');
    await runner.query('DROP TABLE "gateway"."users"');
  }
}
