import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseClocksAssessment1795320662262 implements MigrationInterface {
  name = 'CaseClocksAssessment1795320662262';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "case"."assessment_daily" ("level" character varying(16) NOT NULL, "unit_code" character varying(40) NOT NULL, "day" date NOT NULL, "parent_code" character varying(40), "dispatched" integer NOT NULL DEFAULT \'0\', "accepted_on_time" integer NOT NULL DEFAULT \'0\', "due" integer NOT NULL DEFAULT \'0\', "resolved" integer NOT NULL DEFAULT \'0\', "resolved_on_time" integer NOT NULL DEFAULT \'0\', "rated" integer NOT NULL DEFAULT \'0\', "satisfied" integer NOT NULL DEFAULT \'0\', "basically_satisfied" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_cfc0692b5c3eb2391abad836402" PRIMARY KEY ("level", "unit_code", "day"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_assessment_daily_ranking" ON "case"."assessment_daily"  ("level", "parent_code", "day") ',
    );
    await runner.query(
      'CREATE TABLE "case"."case_tracks" ("case_id" uuid NOT NULL, "last_seq" integer NOT NULL, "contribution" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab7ae46fd90da0fbd56a8e670bf" PRIMARY KEY ("case_id"))',
    );
    await runner.query(
      'CREATE TABLE "case"."case_track_events" ("case_id" uuid NOT NULL, "event_key" character varying(80) NOT NULL, "seq" integer NOT NULL, "event" character varying(32) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "payload" jsonb NOT NULL, CONSTRAINT "PK_a681afb1c3b7c2082bb056b6f6f" PRIMARY KEY ("case_id", "event_key"))',
    );
    await runner.query(
      'CREATE TABLE "case"."deadline_clocks" ("case_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "tier" character varying(16), "state" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "warn_at" TIMESTAMP WITH TIME ZONE, "paused_at" TIMESTAMP WITH TIME ZONE, "stopped_at" TIMESTAMP WITH TIME ZONE, "warned_for" TIMESTAMP WITH TIME ZONE, "overdue_for" TIMESTAMP WITH TIME ZONE, "next_fire_at" TIMESTAMP WITH TIME ZONE, "category" character varying(64) NOT NULL, "channel" character varying(32) NOT NULL, "priority" character varying(16) NOT NULL, "case_state" character varying(32) NOT NULL, "unit_code" character varying(40) NOT NULL, "unit_path" text array NOT NULL, "department_code" character varying(40), "last_seq" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1412a24b8743ea9a40bc1e875dc" PRIMARY KEY ("case_id", "kind"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_deadline_clocks_next_fire" ON "case"."deadline_clocks"  ("next_fire_at") WHERE "next_fire_at" IS NOT NULL',
    );
    await runner.query(
      'CREATE TABLE "case"."supervision_cards" ("id" uuid NOT NULL, "source_key" character varying(200) NOT NULL, "case_id" uuid NOT NULL, "card" character varying(16) NOT NULL, "origin" character varying(16) NOT NULL, "clock" character varying(16), "target_unit" character varying(40), "department_code" character varying(40), "unit_path" text array NOT NULL, "category" character varying(64) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_by" character varying(128) NOT NULL, "reason" character varying(1000), CONSTRAINT "PK_62a87d2111cf6b80dda28cb856d" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_supervision_cards_source" ON "case"."supervision_cards"  ("source_key") ',
    );
    await runner.query(
      'CREATE INDEX "IDX_supervision_cards_case" ON "case"."supervision_cards"  ("case_id") ',
    );
    await runner.query(
      'CREATE INDEX "IDX_supervision_cards_department" ON "case"."supervision_cards"  ("department_code", "issued_at") ',
    );
    await runner.query(
      'CREATE INDEX "IDX_supervision_cards_target" ON "case"."supervision_cards"  ("target_unit", "issued_at") ',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "case"."IDX_supervision_cards_target"');
    await runner.query('DROP INDEX "case"."IDX_supervision_cards_department"');
    await runner.query('DROP INDEX "case"."IDX_supervision_cards_case"');
    await runner.query('DROP INDEX "case"."UQ_supervision_cards_source"');
    await runner.query('DROP TABLE "case"."supervision_cards"');
    await runner.query('DROP INDEX "case"."IDX_deadline_clocks_next_fire"');
    await runner.query('DROP TABLE "case"."deadline_clocks"');
    await runner.query('DROP TABLE "case"."case_track_events"');
    await runner.query('DROP TABLE "case"."case_tracks"');
    await runner.query('DROP INDEX "case"."IDX_assessment_daily_ranking"');
    await runner.query('DROP TABLE "case"."assessment_daily"');
  }
}
