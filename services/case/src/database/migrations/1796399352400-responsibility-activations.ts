import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ResponsibilityActivations1796399352400 implements MigrationInterface {
  name = 'ResponsibilityActivations1796399352400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "case"."responsibility_activations" ("id" SERIAL NOT NULL, "version" integer NOT NULL, "reason" character varying(500) NOT NULL, "activated_by" character varying(128) NOT NULL, "activated_by_name" character varying(200), "activated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "previous_version" integer, CONSTRAINT "PK_0d2d2b3887ee967c542c0a57dac" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_responsibility_activations_version" ON "case"."responsibility_activations"  ("version") ',
    );
    await runner.query(
      'ALTER TABLE "case"."responsibility_versions" ADD "activation_reason" character varying(500)',
    );
    // Reviewed addition: activations made before reasons were asked for are recorded as such.
    await runner.query(
      `INSERT INTO "case"."responsibility_activations" ("version", "reason", "activated_by", "activated_by_name", "activated_at")
       SELECT "version", '（启用理由登记之前启用）', "activated_by", "activated_by_name", "activated_at"
       FROM "case"."responsibility_versions" WHERE "activated_at" IS NOT NULL AND "activated_by" IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "case"."responsibility_versions" DROP COLUMN "activation_reason"');
    await runner.query('DROP INDEX "case"."IDX_responsibility_activations_version"');
    await runner.query('DROP TABLE "case"."responsibility_activations"');
  }
}
