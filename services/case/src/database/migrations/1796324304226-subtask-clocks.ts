import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sub-task clocks (`subtask:<department>`) need a longer clock kind. Generated, then reviewed: TypeORM
 * dropped and re-added the column (losing every clock); widening it in place keeps rows and primary key.
 */
export class SubtaskClocks1796324304226 implements MigrationInterface {
  name = 'SubtaskClocks1796324304226';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "case"."deadline_clocks" ALTER COLUMN "kind" TYPE character varying(64)');
  }

  async down(runner: QueryRunner): Promise<void> {
    // Sub-task clocks do not fit the old width: they go (the case's own clocks stay).
    await runner.query(`DELETE FROM "case"."deadline_clocks" WHERE "kind" LIKE 'subtask:%'`);
    await runner.query('ALTER TABLE "case"."deadline_clocks" ALTER COLUMN "kind" TYPE character varying(16)');
  }
}
