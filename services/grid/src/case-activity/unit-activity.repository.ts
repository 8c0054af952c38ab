import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UnitActivityEntity } from './unit-activity.entity.js';

@Injectable()
export class UnitActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts one case on every unit of its path, in the consumer's transaction. */
  async recordCase(manager: EntityManager, unitPath: string[], at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO unit_activity (unit_code, cases_reported, last_case_at)
       SELECT code, 1, $2 FROM unnest($1::text[]) AS code
       ON CONFLICT (unit_code) DO UPDATE
         SET cases_reported = unit_activity.cases_reported + 1,
             last_case_at = GREATEST(unit_activity.last_case_at, EXCLUDED.last_case_at)`,
      [unitPath, at],
    );
  }

  find(unitCode: string): Promise<UnitActivityEntity | null> {
    return this.dataSource.getRepository(UnitActivityEntity).findOneBy({ unitCode });
  }
}
