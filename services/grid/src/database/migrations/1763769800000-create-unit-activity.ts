import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUnitActivity1763769800000 implements MigrationInterface {
  name = 'CreateUnitActivity1763769800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "grid"."unit_activity" (
        "unit_code" character varying(40) NOT NULL,
        "cases_reported" bigint NOT NULL DEFAULT 0,
        "last_case_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_unit_activity" PRIMARY KEY ("unit_code")
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "grid"."unit_activity"`);
  }
}
