import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, sql, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { UnitActivityEntity } from './unit-activity.entity.js';

export type UnitActivityRow = Row<UnitActivityEntity>;

@Injectable()
export class UnitActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts one case on every unit of its path, in the consumer's transaction. */
  async recordCase(manager: EntityManager, unitPath: string[], at: Date): Promise<void> {
    const a = entityColumns(manager, UnitActivityEntity);
    await execute(
      manager,
      sql`INSERT INTO ${a.table} (${a.names(['unitCode', 'casesReported', 'lastCaseAt'])})
          SELECT code, 1, ${at}::timestamptz FROM unnest(${unitPath}::text[]) AS code
          ON CONFLICT (unit_code) DO UPDATE
            SET cases_reported = unit_activity.cases_reported + 1,
                last_case_at = GREATEST(unit_activity.last_case_at, EXCLUDED.last_case_at)`,
    );
  }

  async find(unitCode: string): Promise<UnitActivityRow | null> {
    const a = entityColumns(this.dataSource, UnitActivityEntity);
    const row = await queryOne<UnitActivityRow>(
      this.dataSource,
      sql`SELECT ${a.select()} FROM ${a.table} WHERE ${a.column('unitCode')} = ${unitCode}`,
    );
    // cases_reported is bigint: the entity's transformer makes the driver's text a number.
    return row && a.read([row])[0];
  }
}
