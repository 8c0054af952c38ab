import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseAttachments1795320864848 implements MigrationInterface {
  name = 'CaseAttachments1795320864848';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "case"."case_attachments" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "name" character varying(255) NOT NULL, "type" character varying(120) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "storage_driver" character varying(16) NOT NULL, "storage_key" character varying(300) NOT NULL, "uploaded_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9680beedc0b2d26fafb04435fb8" PRIMARY KEY ("id"))',
    );
    await runner.query(
      'CREATE INDEX "IDX_case_attachments_case" ON "case"."case_attachments"  ("case_id", "created_at") ',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "case"."IDX_case_attachments_case"');
    await runner.query('DROP TABLE "case"."case_attachments"');
  }
}
