import { Injectable } from '@nestjs/common';
import { entityColumns, findInScope } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { scopePredicate, type DataScope } from '../scope/data-scope.js';
import { BuildingEntity } from './building.entity.js';

export interface BuildingRow {
  id: string;
  name: string;
  communityCode: string;
  gridCode: string | null;
  path: string;
  lat: number;
  lng: number;
  entrances: number;
  floors: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export type BuildingWrite = Omit<BuildingRow, 'createdAt' | 'updatedAt'>;

const COLUMNS = `id, name, community_code AS "communityCode", grid_code AS "gridCode", path, lat, lng,
  entrances, floors, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The only code that touches the buildings table. Every read takes the caller's scope. */
@Injectable()
export class BuildingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, b: BuildingWrite): Promise<BuildingRow> {
    const rows: BuildingRow[] = await manager.query(
      `INSERT INTO buildings (id, name, community_code, grid_code, path, lat, lng, entrances, floors)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [b.id, b.name, b.communityCode, b.gridCode, b.path, b.lat, b.lng, b.entrances, b.floors],
    );
    return rows[0];
  }

  /**
   * Writes every mutable column (the service merges the patch); the community never changes. Updates
   * return their rows through a CTE: a bare UPDATE … RETURNING comes back from TypeORM as [rows, count].
   */
  async update(manager: EntityManager, b: BuildingWrite): Promise<BuildingRow> {
    const rows: BuildingRow[] = await manager.query(
      `WITH b AS (
         UPDATE buildings SET name = $2, grid_code = $3, path = $4, lat = $5, lng = $6, entrances = $7,
           floors = $8, updated_at = now()
         WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM b`,
      [b.id, b.name, b.gridCode, b.path, b.lat, b.lng, b.entrances, b.floors],
    );
    return rows[0];
  }

  /** The row when it lies in the caller's scope; `lock` holds it `FOR UPDATE` in the manager's transaction. */
  findById(
    scope: DataScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<BuildingRow | null> {
    return findInScope(manager, entityColumns(manager, BuildingEntity), {
      id,
      scope: scope.path,
      path: 'path',
      lock,
    });
  }

  async nameTaken(communityCode: string, name: string, exceptId: string | null): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM buildings WHERE community_code = $1 AND name = $2 AND id IS DISTINCT FROM $3`,
      [communityCode, name, exceptId],
    );
    return rows.length > 0;
  }

  /**
   * Buildings of a community (UQ_buildings_community_name) or a grid (IDX_buildings_grid), keyset-paged
   * by (name, id).
   */
  async list(
    scope: DataScope,
    by: { communityCode: string } | { gridCode: string },
    after: { name: string; id: string } | null,
    limit: number,
  ): Promise<BuildingRow[]> {
    const params: unknown[] = [];
    const where = [scopePredicate(scope, 'path', params)];
    if ('communityCode' in by) {
      params.push(by.communityCode);
      where.push(`community_code = $${params.length}`);
    } else {
      params.push(by.gridCode);
      where.push(`grid_code = $${params.length}`);
    }
    if (after) {
      params.push(after.name, after.id);
      where.push(`(name, id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM buildings WHERE ${where.join(' AND ')} ORDER BY name, id LIMIT $${params.length}`,
      params,
    );
  }
}
