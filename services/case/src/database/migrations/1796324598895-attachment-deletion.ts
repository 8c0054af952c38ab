import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AttachmentDeletion1796324598895 implements MigrationInterface {
  name = 'AttachmentDeletion1796324598895';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "case"."case_attachments" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    await runner.query('ALTER TABLE "case"."case_attachments" ADD "deleted_by" character varying(200)');
    await runner.query('ALTER TABLE "case"."case_attachments" ADD "delete_reason" character varying(500)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "case"."case_attachments" DROP COLUMN "delete_reason"');
    await runner.query('ALTER TABLE "case"."case_attachments" DROP COLUMN "deleted_by"');
    await runner.query('ALTER TABLE "case"."case_attachments" DROP COLUMN "deleted_at"');
  }
}
