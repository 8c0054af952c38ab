import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRegistry1795312281713 implements MigrationInterface {
  name = 'CreateRegistry1795312281713';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "grid"."grid_lineage" ("old_code" character varying(40) NOT NULL, "new_code" character varying(40) NOT NULL, "change" character varying(16) NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "changed_by" text NOT NULL, CONSTRAINT "PK_94d7dc5e2b5755662ea65f98750" PRIMARY KEY ("old_code", "new_code"))',
    );
    await runner.query(
      'CREATE TABLE "grid"."grid_staff" ("id" uuid NOT NULL, "grid_code" character varying(40) NOT NULL, "name" text NOT NULL, "role" character varying(16) NOT NULL, "part_time_kind" character varying(24), "phone_enc" text, "since" date NOT NULL, "until" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8c1b61868e7c1b9df57f0f12e67" PRIMARY KEY ("id"))',
    );
    await runner.query('CREATE INDEX "IDX_grid_staff_grid" ON "grid"."grid_staff"  ("grid_code", "until") ');
    await runner.query(
      'CREATE TABLE "grid"."grid_types" ("type" character varying(32) NOT NULL, "name_zh" text NOT NULL, "name_en" text NOT NULL, "min_full_time" integer NOT NULL, "min_part_time" integer NOT NULL, CONSTRAINT "PK_0950c2065e556c132893c5c3a17" PRIMARY KEY ("type"))',
    );
    await runner.query(
      'CREATE TABLE "grid"."grids" ("code" character varying(40) NOT NULL, "name" text NOT NULL, "type" character varying(32) NOT NULL, "community_code" character varying(12) NOT NULL, "parent_grid_code" character varying(40), "path" text COLLATE "C" NOT NULL, "boundary" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'active\', "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, "retired_reason" character varying(16), "replaced_by" text array NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_b37a4bc1bf80076b3441c78a742" PRIMARY KEY ("code"))',
    );
    await runner.query('CREATE INDEX "IDX_grids_path" ON "grid"."grids"  ("path") ');
    await runner.query(
      'CREATE INDEX "IDX_grids_active_community" ON "grid"."grids"  ("community_code", "status") ',
    );
    await runner.query(
      'CREATE TABLE "grid"."import_errors" ("job_id" uuid NOT NULL, "line" integer NOT NULL, "reason" text NOT NULL, CONSTRAINT "PK_f08eba741bea99d0cad05b5fce0" PRIMARY KEY ("job_id", "line"))',
    );
    await runner.query(
      'CREATE TABLE "grid"."import_jobs" ("id" uuid NOT NULL, "status" character varying(16) NOT NULL, "file_name" text NOT NULL, "file_sha256" character(64) NOT NULL, "total_bytes" bigint NOT NULL, "bytes_read" bigint NOT NULL DEFAULT \'0\', "rows_read" integer NOT NULL DEFAULT \'0\', "rows_imported" integer NOT NULL DEFAULT \'0\', "rows_unchanged" integer NOT NULL DEFAULT \'0\', "rows_failed" integer NOT NULL DEFAULT \'0\', "started_by" text NOT NULL, "scope_path" text, "failure" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4d206c602f173f98e4bb85819a3" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE TABLE "grid"."pii_access_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "subject" text NOT NULL, "resident_id" uuid NOT NULL, "fields" text array NOT NULL, "purpose" text NOT NULL, CONSTRAINT "PK_b5448828374f1904a07fc0842cb" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_pii_access_resident" ON "grid"."pii_access_log"  ("resident_id", "at") ',
    );
    await runner.query(
      'CREATE TABLE "grid"."residences" ("id" uuid NOT NULL, "resident_id" uuid NOT NULL, "household_id" uuid, "grid_code" character varying(40), "path" text COLLATE "C" NOT NULL, "valid_from" date NOT NULL, "valid_to" date, CONSTRAINT "PK_505bad416f6552d9481a82385bb" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_residences_resident" ON "grid"."residences"  ("resident_id", "valid_from") ',
    );
    await runner.query(
      'CREATE TABLE "grid"."resident_tags" ("id" uuid NOT NULL, "resident_id" uuid NOT NULL, "tag" character varying(32) NOT NULL, "set_by" text NOT NULL, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" text, "removed_by" text, "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6ed788eca957ac74b8f5ad78a40" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_resident_tags_tag" ON "grid"."resident_tags"  ("tag", "resident_id") WHERE "removed_at" IS NULL',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_resident_tags_active" ON "grid"."resident_tags"  ("resident_id", "tag") WHERE "removed_at" IS NULL',
    );
    await runner.query(
      'CREATE TABLE "grid"."residents" ("id" uuid NOT NULL, "name" text COLLATE "C" NOT NULL, "name_initials" character varying(32) COLLATE "C" NOT NULL, "gender" character varying(8) NOT NULL, "birth_date" date NOT NULL, "id_number_enc" text NOT NULL, "id_number_hash" character(64) NOT NULL, "phone_enc" text, "phone_hash" character(64), "household_id" uuid, "relation" character varying(16) NOT NULL DEFAULT \'other\', "grid_code" character varying(40), "path" text COLLATE "C" NOT NULL, "synthetic" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4c8d0413ee0e9a4ebbf500f7365" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_residents_id_number_hash" ON "grid"."residents"  ("id_number_hash") ',
    );
    await runner.query('CREATE INDEX "IDX_residents_phone_hash" ON "grid"."residents"  ("phone_hash") ');
    await runner.query('CREATE INDEX "IDX_residents_household" ON "grid"."residents"  ("household_id") ');
    await runner.query('CREATE INDEX "IDX_residents_path" ON "grid"."residents"  ("path", "id") ');
    await runner.query(
      'CREATE INDEX "IDX_residents_initials" ON "grid"."residents"  ("name_initials", "id") ',
    );
    await runner.query('CREATE INDEX "IDX_residents_name" ON "grid"."residents"  ("name", "id") ');
    await runner.query(
      'CREATE TABLE "grid"."buildings" ("id" uuid NOT NULL, "name" text NOT NULL, "community_code" character varying(12) NOT NULL, "grid_code" character varying(40), "path" text COLLATE "C" NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "entrances" integer NOT NULL DEFAULT \'1\', "floors" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc65c1acce268c383e41a69003a" PRIMARY KEY ("id"))',
    );
    await runner.query('CREATE INDEX "IDX_buildings_grid" ON "grid"."buildings"  ("grid_code") ');
    await runner.query('CREATE INDEX "IDX_buildings_path" ON "grid"."buildings"  ("path") ');
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_buildings_community_name" ON "grid"."buildings"  ("community_code", "name") ',
    );
    await runner.query(
      'CREATE TABLE "grid"."households" ("id" uuid NOT NULL, "household_no" character varying(40) NOT NULL, "building_id" uuid, "entrance" character varying(16), "room" character varying(16), "address" text NOT NULL, "grid_code" character varying(40), "path" text COLLATE "C" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2b1aef2640717132e9231aac756" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "UQ_households_number" ON "grid"."households"  ("household_no") ',
    );
    await runner.query('CREATE INDEX "IDX_households_building" ON "grid"."households"  ("building_id") ');
    await runner.query('CREATE INDEX "IDX_households_path" ON "grid"."households"  ("path") ');
    await runner.query(
      'CREATE TABLE "grid"."service_sites" ("id" uuid NOT NULL, "name" text NOT NULL, "kind" character varying(16) NOT NULL, "unit_code" character varying(12) NOT NULL, "path" text COLLATE "C" NOT NULL, "address" text NOT NULL DEFAULT \'\', "lat" double precision NOT NULL, "lng" double precision NOT NULL, "functions" text array NOT NULL DEFAULT \'{}\', "opening_hours" jsonb NOT NULL DEFAULT \'{}\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc59ae58421ab786dfb5c3400c5" PRIMARY KEY ("id"))',
    );
    await runner.query('CREATE INDEX "IDX_service_sites_path" ON "grid"."service_sites"  ("path") ');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "grid"."IDX_service_sites_path"');
    await runner.query('DROP TABLE "grid"."service_sites"');
    await runner.query('DROP INDEX "grid"."IDX_households_path"');
    await runner.query('DROP INDEX "grid"."IDX_households_building"');
    await runner.query('DROP INDEX "grid"."UQ_households_number"');
    await runner.query('DROP TABLE "grid"."households"');
    await runner.query('DROP INDEX "grid"."UQ_buildings_community_name"');
    await runner.query('DROP INDEX "grid"."IDX_buildings_path"');
    await runner.query('DROP INDEX "grid"."IDX_buildings_grid"');
    await runner.query('DROP TABLE "grid"."buildings"');
    await runner.query('DROP INDEX "grid"."IDX_residents_name"');
    await runner.query('DROP INDEX "grid"."IDX_residents_initials"');
    await runner.query('DROP INDEX "grid"."IDX_residents_path"');
    await runner.query('DROP INDEX "grid"."IDX_residents_household"');
    await runner.query('DROP INDEX "grid"."IDX_residents_phone_hash"');
    await runner.query('DROP INDEX "grid"."UQ_residents_id_number_hash"');
    await runner.query('DROP TABLE "grid"."residents"');
    await runner.query('DROP INDEX "grid"."UQ_resident_tags_active"');
    await runner.query('DROP INDEX "grid"."IDX_resident_tags_tag"');
    await runner.query('DROP TABLE "grid"."resident_tags"');
    await runner.query('DROP INDEX "grid"."IDX_residences_resident"');
    await runner.query('DROP TABLE "grid"."residences"');
    await runner.query('DROP INDEX "grid"."IDX_pii_access_resident"');
    await runner.query('DROP TABLE "grid"."pii_access_log"');
    await runner.query('DROP TABLE "grid"."import_jobs"');
    await runner.query('DROP TABLE "grid"."import_errors"');
    await runner.query('DROP INDEX "grid"."IDX_grids_active_community"');
    await runner.query('DROP INDEX "grid"."IDX_grids_path"');
    await runner.query('DROP TABLE "grid"."grids"');
    await runner.query('DROP TABLE "grid"."grid_types"');
    await runner.query('DROP INDEX "grid"."IDX_grid_staff_grid"');
    await runner.query('DROP TABLE "grid"."grid_staff"');
    await runner.query('DROP TABLE "grid"."grid_lineage"');
  }
}
