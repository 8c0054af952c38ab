import { Injectable } from '@nestjs/common';
import { pathWithinSql, queryOne, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import type { UnitCounts } from './unit.repository.js';

/**
 * Grid, building, household and resident counts in a subtree. Each is one indexed prefix range on its
 * table's path column; tables that do not exist yet in this schema count zero.
 */
@Injectable()
export class UnitFiguresRepository {
  constructor(private readonly dataSource: DataSource) {}

  async counts(path: string): Promise<Pick<UnitCounts, 'grids' | 'buildings' | 'households' | 'residents'>> {
    const within = pathWithinSql('path', path);
    const row = await queryOne<Pick<UnitCounts, 'grids' | 'buildings' | 'households' | 'residents'>>(
      this.dataSource,
      sql`SELECT
         (SELECT count(*) FROM grids WHERE status = 'active' AND ${within})::int AS grids,
         (SELECT count(*) FROM buildings WHERE ${within})::int AS buildings,
         (SELECT count(*) FROM households WHERE ${within})::int AS households,
         (SELECT count(*) FROM residents WHERE ${within})::int AS residents`,
    );
    return row!;
  }
}
