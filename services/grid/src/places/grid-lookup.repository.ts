import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface GridRef {
  code: string;
  communityCode: string;
  path: string;
  status: string;
}

/**
 * The few reads of the grids table that places and people need (where a grid is, whether it is active).
 * Unscoped on purpose: callers compare the returned path with the caller's scope before using it.
 */
@Injectable()
export class GridLookupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(code: string, manager: EntityManager = this.dataSource.manager): Promise<GridRef | null> {
    const rows: GridRef[] = await manager.query(
      `SELECT code, community_code AS "communityCode", path, status FROM grids WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }
}
