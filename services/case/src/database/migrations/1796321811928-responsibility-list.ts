import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ResponsibilityList1796321811928 implements MigrationInterface {
  name = 'ResponsibilityList1796321811928';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "case"."responsibility_versions" ("version" integer NOT NULL, "active" boolean NOT NULL DEFAULT false, "based_on" integer, "reason" character varying(500) NOT NULL, "created_by" character varying(128) NOT NULL, "created_by_name" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "activated_by" character varying(128), "activated_by_name" character varying(200), "activated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4e26cb6906614f5cb2c1950c894" PRIMARY KEY ("version"))',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_responsibility_versions_active" ON "case"."responsibility_versions"  ("active") WHERE "active"',
    );
    await runner.query(
      'CREATE TABLE "case"."responsibility_entries" ("version" integer NOT NULL, "category" character varying(64) NOT NULL, "level" character varying(16) NOT NULL, "department_kind" character varying(40) NOT NULL, "deadline_working_hours" numeric(7,2) NOT NULL, CONSTRAINT "PK_4c8f5315a692843f6b4d2025a9f" PRIMARY KEY ("version", "category", "level"))',
    );
    await runner.query('ALTER TABLE "case"."cases" ADD "responsibility_version" integer');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "responsibility_version"');
    await runner.query('DROP TABLE "case"."responsibility_entries"');
    await runner.query('DROP INDEX "case"."UQ_responsibility_versions_active"');
    await runner.query('DROP TABLE "case"."responsibility_versions"');
  }
}
