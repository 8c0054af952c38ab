import { Injectable } from '@nestjs/common';
import { entityColumns, queryOne, sql, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { GridEntity } from '../grids/grid.entity.js';

export type GridRef = Pick<Row<GridEntity>, 'code' | 'communityCode' | 'path' | 'status'>;

/**
 * The few reads of the grids table that places and people need (where a grid is, whether it is active).
 * Unscoped on purpose: callers compare the returned path with the caller's scope before using it.
 */
@Injectable()
export class GridLookupRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(code: string, manager: EntityManager = this.dataSource.manager): Promise<GridRef | null> {
    const g = entityColumns(manager, GridEntity);
    return queryOne<GridRef>(
      manager,
      sql`SELECT ${g.select(undefined, ['code', 'communityCode', 'path', 'status'])} FROM ${g.table}
          WHERE ${g.column('code')} = ${code}`,
    );
  }
}
