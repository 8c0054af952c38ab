import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarVersions1796290934048 implements MigrationInterface {
  name = 'CalendarVersions1796290934048';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "case"."calendar_versions" ("year" smallint NOT NULL, "version" integer NOT NULL, "holidays" jsonb NOT NULL, "workdays" jsonb NOT NULL, "source" character varying(300), "digest" character(64) NOT NULL, "reason" text NOT NULL, "created_by" character varying(200) NOT NULL, "created_by_name" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_acc52a583f36e2d69516ccb12bd" PRIMARY KEY ("year", "version"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_calendar_versions_digest" ON "case"."calendar_versions"  ("year", "digest") ',
    );
    await runner.query(
      'CREATE TABLE "case"."calendar_activations" ("id" uuid NOT NULL, "year" smallint NOT NULL, "version" integer NOT NULL, "previous_version" integer NOT NULL, "generation" bigint NOT NULL, "reason" text NOT NULL, "activated_by" character varying(200) NOT NULL, "activated_by_name" character varying(200), "activated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_32f89f5712278664cec2e46c986" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_calendar_activations_generation" ON "case"."calendar_activations"  ("generation") ',
    );
    await runner.query(
      'CREATE INDEX "IDX_calendar_activations_year" ON "case"."calendar_activations"  ("year", "generation") ',
    );
    await runner.query(
      'CREATE TABLE "case"."calendar_state" ("id" smallint NOT NULL, "generation" bigint NOT NULL DEFAULT \'0\', CONSTRAINT "CHK_calendar_state_single" CHECK ("id" = 1), CONSTRAINT "PK_16f714849dda1d790c6f236cfe8" PRIMARY KEY ("id"))',
    );
    // The single row every activation raises; generation 0 is the built-in calendar.
    await runner.query('INSERT INTO "case"."calendar_state" ("id", "generation") VALUES (1, 0)');
    await runner.query(
      'CREATE TABLE "case"."calendar_recompute_jobs" ("id" uuid NOT NULL, "year" smallint NOT NULL, "generation" bigint NOT NULL, "state" character varying(16) NOT NULL, "total" integer NOT NULL DEFAULT \'0\', "done" integer NOT NULL DEFAULT \'0\', "changed" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "error" text, CONSTRAINT "PK_82118bab692db3116e0660d90a9" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_calendar_recompute_jobs_open" ON "case"."calendar_recompute_jobs"  ("created_at") WHERE "state" IN (\'pending\', \'running\')',
    );
    await runner.query(
      'ALTER TABLE "case"."case_tracks" ADD "calendar_generation" bigint NOT NULL DEFAULT \'0\'',
    );
    await runner.query(
      'ALTER TABLE "case"."deadline_clocks" ADD "provisional" boolean NOT NULL DEFAULT false',
    );
    await runner.query(
      'CREATE INDEX "IDX_deadline_clocks_provisional" ON "case"."deadline_clocks"  ("case_id") WHERE "provisional"',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "case"."IDX_deadline_clocks_provisional"');
    await runner.query('ALTER TABLE "case"."deadline_clocks" DROP COLUMN "provisional"');
    await runner.query('ALTER TABLE "case"."case_tracks" DROP COLUMN "calendar_generation"');
    await runner.query('DROP INDEX "case"."IDX_calendar_recompute_jobs_open"');
    await runner.query('DROP TABLE "case"."calendar_recompute_jobs"');
    await runner.query('DROP TABLE "case"."calendar_state"');
    await runner.query('DROP INDEX "case"."IDX_calendar_activations_year"');
    await runner.query('DROP INDEX "case"."UQ_calendar_activations_generation"');
    await runner.query('DROP TABLE "case"."calendar_activations"');
    await runner.query('DROP INDEX "case"."IDX_calendar_versions_digest"');
    await runner.query('DROP TABLE "case"."calendar_versions"');
  }
}
