import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseLifecycle1795320948950 implements MigrationInterface {
  name = 'CaseLifecycle1795320948950';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "case"."case_transitions" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "seq" integer NOT NULL, "action" character varying(40) NOT NULL, "event" character varying(40), "from_state" character varying(32), "to_state" character varying(32) NOT NULL, "actor_subject" character varying(200) NOT NULL, "actor_role" character varying(64) NOT NULL, "actor_unit_code" character varying(40), "actor_department_code" character varying(40), "reason" text, "details" jsonb NOT NULL DEFAULT \'{}\', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f2e3f66ea284b59b64d277787bc" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_case_transitions_seq" ON "case"."case_transitions"  ("case_id", "seq") ',
    );
    await runner.query(
      'CREATE TABLE "case"."case_subtasks" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "department_code" character varying(40) NOT NULL, "task" character varying(500) NOT NULL, "deadline_working_hours" integer NOT NULL, "state" character varying(16) NOT NULL DEFAULT \'open\', "result" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by" character varying(200), CONSTRAINT "PK_c246d2da2731fce80787c09aa98" PRIMARY KEY ("id"))',
    );
    await runner.query('CREATE INDEX "IDX_case_subtasks_case" ON "case"."case_subtasks"  ("case_id") ');
    await runner.query(
      'CREATE INDEX "IDX_case_subtasks_department" ON "case"."case_subtasks"  ("department_code") ',
    );
    await runner.query(
      'CREATE TABLE "case"."case_departments" ("code" character varying(40) NOT NULL, "name" character varying(200) NOT NULL DEFAULT \'\', "kind" character varying(40) NOT NULL DEFAULT \'\', "level" character varying(16) NOT NULL DEFAULT \'\', "unit_code" character varying(40) NOT NULL, "parent_code" character varying(40), "categories" text array NOT NULL DEFAULT \'{}\', "version" integer NOT NULL DEFAULT \'1\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8bb1026437b632b21056a2e5283" PRIMARY KEY ("code"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_case_departments_unit" ON "case"."case_departments"  ("unit_code") ',
    );
    await runner.query(
      'ALTER TABLE "case"."cases" ADD "priority" character varying(16) NOT NULL DEFAULT \'normal\'',
    );
    await runner.query('ALTER TABLE "case"."cases" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await runner.query('ALTER TABLE "case"."cases" ADD "seq" integer NOT NULL DEFAULT \'1\'');
    await runner.query(
      'ALTER TABLE "case"."cases" ADD "tier" character varying(16) NOT NULL DEFAULT \'grid\'',
    );
    await runner.query('ALTER TABLE "case"."cases" ADD "department_code" character varying(40)');
    await runner.query('ALTER TABLE "case"."cases" ADD "routing_version" character varying(80)');
    await runner.query('ALTER TABLE "case"."cases" ADD "pending_request" jsonb');
    await runner.query('ALTER TABLE "case"."cases" ADD "return_count" integer NOT NULL DEFAULT \'0\'');
    await runner.query('ALTER TABLE "case"."cases" ADD "reopen_count" integer NOT NULL DEFAULT \'0\'');
    await runner.query('ALTER TABLE "case"."cases" ADD "returned_by" character varying(40)');
    await runner.query('ALTER TABLE "case"."cases" ADD "suspended_from" character varying(32)');
    await runner.query('ALTER TABLE "case"."cases" ADD "result" text');
    await runner.query('ALTER TABLE "case"."cases" ADD "evidence_ids" text array NOT NULL DEFAULT \'{}\'');
    await runner.query('ALTER TABLE "case"."cases" ADD "rating" character varying(32)');
    await runner.query('ALTER TABLE "case"."cases" ADD "close_reason" character varying(16)');
    await runner.query('ALTER TABLE "case"."cases" ADD "unreasonable" boolean NOT NULL DEFAULT false');
    await runner.query('ALTER TABLE "case"."cases" ADD "merged_into" uuid');
    await runner.query('ALTER TABLE "case"."cases" ADD "overdue_at" TIMESTAMP WITH TIME ZONE');
    await runner.query(
      'ALTER TABLE "case"."cases" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()',
    );
    await runner.query('CREATE INDEX "IDX_cases_department" ON "case"."cases"  ("department_code") ');
    await runner.query(
      'CREATE INDEX "IDX_cases_category_created" ON "case"."cases"  ("category", "created_at") ',
    );
    await runner.query('CREATE INDEX "IDX_cases_state_created" ON "case"."cases"  ("state", "created_at") ');
    // Cases reported before the lifecycle: the tier their unit sits at, and their report as timeline step 1.
    await runner.query(
      `UPDATE "case"."cases" SET "tier" = CASE WHEN "unit_code" LIKE '%-%' THEN 'grid'
         WHEN length("unit_code") >= 12 THEN 'community' WHEN length("unit_code") >= 9 THEN 'street'
         ELSE 'district' END`,
    );
    await runner.query(
      `INSERT INTO "case"."case_transitions"
         ("id", "case_id", "seq", "action", "event", "from_state", "to_state", "actor_subject", "actor_role",
          "details", "occurred_at")
       SELECT gen_random_uuid(), "id", 1, 'report', 'created', NULL, 'reported', "reported_by", 'reporter',
              jsonb_build_object('channel', "channel"), "created_at"
         FROM "case"."cases"`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "case"."IDX_cases_state_created"');
    await runner.query('DROP INDEX "case"."IDX_cases_category_created"');
    await runner.query('DROP INDEX "case"."IDX_cases_department"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "updated_at"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "overdue_at"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "merged_into"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "unreasonable"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "close_reason"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "rating"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "evidence_ids"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "result"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "suspended_from"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "returned_by"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "reopen_count"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "return_count"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "pending_request"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "routing_version"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "department_code"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "tier"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "seq"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "version"');
    await runner.query('ALTER TABLE "case"."cases" DROP COLUMN "priority"');
    await runner.query('DROP INDEX "case"."IDX_case_departments_unit"');
    await runner.query('DROP TABLE "case"."case_departments"');
    await runner.query('DROP INDEX "case"."IDX_case_subtasks_department"');
    await runner.query('DROP INDEX "case"."IDX_case_subtasks_case"');
    await runner.query('DROP TABLE "case"."case_subtasks"');
    await runner.query('DROP INDEX "case"."UQ_case_transitions_seq"');
    await runner.query('DROP TABLE "case"."case_transitions"');
  }
}
