import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseAddressAttributes1796321716994 implements MigrationInterface {
  name = 'CaseAddressAttributes1796321716994';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "case"."cases" ADD "address" character varying(200)');
    await runner.query('ALTER TABLE "case"."cases" ADD "attributes" jsonb');
    await runner.query(
      'CREATE INDEX "IDX_cases_idempotency_key" ON "case"."cases"  ("idempotency_key") WHERE "idempotency_key" IS NOT NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "case"."IDX_cases_idempotency_key"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "attributes"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "address"');
  }
}
