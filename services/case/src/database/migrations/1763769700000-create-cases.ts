import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1763769700000 implements MigrationInterface {
  name = 'CreateCases1763769700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "case"."cases" (
        "id" uuid NOT NULL,
        "title" character varying(200) NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "category" character varying(64) NOT NULL,
        "channel" character varying(32) NOT NULL,
        "state" character varying(32) NOT NULL,
        "unit_code" character varying(40) NOT NULL,
        "unit_path" text[] NOT NULL,
        "lat" double precision,
        "lng" double precision,
        "reported_by" character varying(200) NOT NULL,
        "idempotency_key" character varying(200),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cases" PRIMARY KEY ("id")
      )`);
    await runner.query(
      `CREATE UNIQUE INDEX "UQ_cases_idempotency" ON "case"."cases" ("reported_by", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX "IDX_cases_unit_path" ON "case"."cases" USING GIN ("unit_path")`);
    await runner.query(`CREATE INDEX "IDX_cases_created_at" ON "case"."cases" ("created_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "case"."cases"`);
  }
}
