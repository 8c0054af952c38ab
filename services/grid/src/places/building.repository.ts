import { Injectable } from '@nestjs/common';
import {
  entityColumns,
  findInScope,
  pathWithinSql,
  queryOne,
  queryRows,
  sql,
  type Db,
  type Row,
} from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { DataScope } from '../scope/data-scope.js';
import { BuildingEntity } from './building.entity.js';

export type BuildingRow = Row<BuildingEntity>;

export type BuildingWrite = Omit<BuildingRow, 'createdAt' | 'updatedAt'>;

/** What an update writes: every mutable column (the service merges the patch); the community never changes. */
const MUTABLE = ['name', 'gridCode', 'path', 'lat', 'lng', 'entrances', 'floors'] as const;

const buildings = (db: Db) => entityColumns(db, BuildingEntity);

/** The only code that touches the buildings table. Every read takes the caller's scope. */
@Injectable()
export class BuildingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, b: BuildingWrite): Promise<BuildingRow> {
    const c = buildings(manager);
    const row = await queryOne<BuildingRow>(
      manager,
      sql`${c.insert([b], ['id', 'communityCode', ...MUTABLE])} RETURNING ${c.select()}`,
    );
    return row!;
  }

  async update(manager: EntityManager, b: BuildingWrite): Promise<BuildingRow> {
    const c = buildings(manager);
    const row = await queryOne<BuildingRow>(
      manager,
      sql`UPDATE ${c.table} SET ${c.assign(b, MUTABLE)}, updated_at = now()
          WHERE id = ${b.id} RETURNING ${c.select()}`,
    );
    return row!;
  }

  /** The row when it lies in the caller's scope; `lock` holds it `FOR UPDATE` in the manager's transaction. */
  findById(
    scope: DataScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<BuildingRow | null> {
    return findInScope(manager, buildings(manager), { id, scope: scope.path, path: 'path', lock });
  }

  async nameTaken(communityCode: string, name: string, exceptId: string | null): Promise<boolean> {
    const c = buildings(this.dataSource);
    const row = await queryOne(
      this.dataSource,
      sql`SELECT 1 FROM ${c.table}
          WHERE community_code = ${communityCode} AND name = ${name} AND id IS DISTINCT FROM ${exceptId}::uuid`,
    );
    return row !== null;
  }

  /**
   * Buildings of a community (UQ_buildings_community_name) or a grid (IDX_buildings_grid), keyset-paged
   * by (name, id).
   */
  list(
    scope: DataScope,
    by: { communityCode: string } | { gridCode: string },
    after: { name: string; id: string } | null,
    limit: number,
  ): Promise<BuildingRow[]> {
    const c = buildings(this.dataSource);
    const where = [
      pathWithinSql(c.column('path'), scope.path),
      'communityCode' in by ? sql`community_code = ${by.communityCode}` : sql`grid_code = ${by.gridCode}`,
    ];
    if (after) where.push(sql`(name, id) > (${after.name}, ${after.id}::uuid)`);
    return queryRows(
      this.dataSource,
      sql`SELECT ${c.select()} FROM ${c.table} WHERE ${sql.and(where)} ORDER BY name, id LIMIT ${limit}`,
    );
  }
}
