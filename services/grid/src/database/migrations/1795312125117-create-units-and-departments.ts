import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUnitsAndDepartments1795312125117 implements MigrationInterface {
  name = 'CreateUnitsAndDepartments1795312125117';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "grid"."departments" ("code" character varying(40) NOT NULL, "name" text NOT NULL, "kind" character varying(32) NOT NULL, "level" character varying(16) NOT NULL, "unit_code" character varying(12) NOT NULL, "parent_code" character varying(40), "unit_path" text COLLATE "C" NOT NULL, "categories" text array NOT NULL DEFAULT \'{}\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_91fddbe23e927e1e525c152baa3" PRIMARY KEY ("code"))',
    );
    await runner.query('CREATE INDEX "IDX_departments_unit" ON "grid"."departments"  ("unit_code") ');
    await runner.query('CREATE INDEX "IDX_departments_unit_path" ON "grid"."departments"  ("unit_path") ');
    await runner.query(
      'CREATE TABLE "grid"."units" ("code" character varying(12) NOT NULL, "name" text NOT NULL, "level" character varying(16) NOT NULL, "kind" character varying(24) NOT NULL, "parent_code" character varying(12), "path" text COLLATE "C" NOT NULL, "boundary" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_47635c1ab22d02fc3ebae3608b8" PRIMARY KEY ("code"))',
    );
    await runner.query('CREATE INDEX "IDX_units_parent" ON "grid"."units"  ("parent_code") ');
    await runner.query('CREATE INDEX "IDX_units_path" ON "grid"."units"  ("path") ');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "grid"."IDX_units_path"');
    await runner.query('DROP INDEX "grid"."IDX_units_parent"');
    await runner.query('DROP TABLE "grid"."units"');
    await runner.query('DROP INDEX "grid"."IDX_departments_unit_path"');
    await runner.query('DROP INDEX "grid"."IDX_departments_unit"');
    await runner.query('DROP TABLE "grid"."departments"');
  }
}
