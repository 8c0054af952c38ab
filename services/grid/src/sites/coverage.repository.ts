import { Injectable } from '@nestjs/common';
import { entityColumns, pathWithinSql, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { BuildingEntity } from '../places/building.entity.js';
import { HouseholdEntity } from '../places/household.entity.js';
import type { DataScope } from '../scope/data-scope.js';
import { UnitEntity } from '../units/unit.entity.js';

/** A building as the service circle sees it: a point and how many households live there. */
export type CoverageBuilding = Pick<Row<BuildingEntity>, 'id' | 'name' | 'communityCode' | 'lat' | 'lng'> & {
  households: number;
};

export type CoverageCommunity = Pick<Row<UnitEntity>, 'code' | 'name'>;

/**
 * The reads behind the 15-minute service circle: communities, buildings with their household counts,
 * and households with no building (no location). Each takes the caller's scope and a unit's subtree,
 * as one indexed prefix range on the C-collated path columns.
 */
@Injectable()
export class CoverageRepository {
  constructor(private readonly dataSource: DataSource) {}

  communities(scope: DataScope, unitPath: string): Promise<CoverageCommunity[]> {
    const u = entityColumns(this.dataSource, UnitEntity);
    const path = u.column('path');
    return queryRows(
      this.dataSource,
      sql`SELECT ${u.select(undefined, ['code', 'name'])} FROM ${u.table}
          WHERE level = 'community' AND ${pathWithinSql(path, unitPath)} AND ${pathWithinSql(path, scope.path)}
          ORDER BY code`,
    );
  }

  /**
   * Buildings of the subtree with their households counted by one GROUP BY over the same subtree
   * (IDX_households_path): a household shares its building's path, so the range holds all of them.
   */
  buildings(scope: DataScope, unitPath: string): Promise<CoverageBuilding[]> {
    const b = entityColumns(this.dataSource, BuildingEntity);
    const h = entityColumns(this.dataSource, HouseholdEntity);
    const within = (path: ReturnType<typeof b.column>) =>
      sql`${pathWithinSql(path, unitPath)} AND ${pathWithinSql(path, scope.path)}`;
    return queryRows(
      this.dataSource,
      sql`SELECT ${b.select('b', ['id', 'name', 'communityCode', 'lat', 'lng'])},
                 coalesce(h.n, 0) AS households
          FROM ${b.table} b
          LEFT JOIN (
            SELECT building_id, count(*)::int AS n FROM ${h.table}
            WHERE building_id IS NOT NULL AND ${within(h.column('path'))}
            GROUP BY building_id
          ) h ON h.building_id = b.id
          WHERE ${within(b.column('path', 'b'))}`,
    );
  }

  /** Households registered without a building, per community (the fifth segment of their path). */
  async unlocatedHouseholds(scope: DataScope, unitPath: string): Promise<Map<string, number>> {
    const h = entityColumns(this.dataSource, HouseholdEntity);
    const path = h.column('path');
    const rows = await queryRows<{ communityCode: string; n: number }>(
      this.dataSource,
      sql`SELECT split_part(path, '.', 5) AS "communityCode", count(*)::int AS n FROM ${h.table}
          WHERE building_id IS NULL AND ${pathWithinSql(path, unitPath)} AND ${pathWithinSql(path, scope.path)}
          GROUP BY 1`,
    );
    return new Map(rows.map((r) => [r.communityCode, r.n]));
  }
}
