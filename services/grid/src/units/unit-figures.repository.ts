import { Injectable } from '@nestjs/common';
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
    const like = `${path}.%`;
    const [row] = await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM grids WHERE status = 'active' AND (path LIKE $1 OR path = $2))::int AS grids,
         (SELECT count(*) FROM buildings WHERE path LIKE $1 OR path = $2)::int AS buildings,
         (SELECT count(*) FROM households WHERE path LIKE $1 OR path = $2)::int AS households,
         (SELECT count(*) FROM residents WHERE path LIKE $1 OR path = $2)::int AS residents`,
      [like, path],
    );
    return row;
  }
}
