import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The four grid management types with a starting staffing standard ("1+3+N": at least one full-time
 * worker and three part-time ones for routine grids, more where attention is needed). Cities change the
 * numbers through the API; this only sets the first values.
 */
export class SeedGridTypes1795312300000 implements MigrationInterface {
  name = 'SeedGridTypes1795312300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      INSERT INTO "grid"."grid_types" (type, name_zh, name_en, min_full_time, min_part_time) VALUES
        ('routine', '日常管理型', 'Routine management', 1, 3),
        ('general_prevention', '一般防范型', 'General prevention', 1, 4),
        ('key_attention', '重点关注型', 'Key attention', 2, 5),
        ('concentrated_remediation', '集中整治型', 'Concentrated remediation', 3, 6)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DELETE FROM "grid"."grid_types" WHERE type IN ('routine', 'general_prevention', 'key_attention', 'concentrated_remediation')`,
    );
  }
}
