import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { escapeLike, scopePredicate, type DataScope } from '../scope/data-scope.js';

/** A building as the service circle sees it: a point and how many households live there. */
export interface CoverageBuilding {
  id: string;
  name: string;
  communityCode: string;
  lat: number;
  lng: number;
  households: number;
}

export interface CoverageCommunity {
  code: string;
  name: string;
}

/**
 * The reads behind the 15-minute service circle: communities, buildings with their household counts,
 * and households with no building (no location). Each takes the caller's scope and a unit's subtree,
 * as one indexed prefix range on the C-collated path columns.
 */
@Injectable()
export class CoverageRepository {
  constructor(private readonly dataSource: DataSource) {}

  communities(scope: DataScope, unitPath: string): Promise<CoverageCommunity[]> {
    const params: unknown[] = [unitPath, `${escapeLike(unitPath)}.%`];
    return this.dataSource.query(
      `SELECT code, name FROM units
       WHERE level = 'community' AND (path = $1 OR path LIKE $2) AND ${scopePredicate(scope, 'path', params)}
       ORDER BY code`,
      params,
    );
  }

  /**
   * Buildings of the subtree with their households counted by one GROUP BY over the same subtree
   * (IDX_households_path): a household shares its building's path, so the range holds all of them.
   */
  async buildings(scope: DataScope, unitPath: string): Promise<CoverageBuilding[]> {
    const params: unknown[] = [unitPath, `${escapeLike(unitPath)}.%`];
    const householdScope = scopePredicate(scope, 'path', params);
    const buildingScope = scopePredicate(scope, 'b.path', params);
    return this.dataSource.query(
      `SELECT b.id, b.name, b.community_code AS "communityCode", b.lat, b.lng,
              coalesce(h.n, 0) AS households
       FROM buildings b
       LEFT JOIN (
         SELECT building_id, count(*)::int AS n FROM households
         WHERE building_id IS NOT NULL AND (path = $1 OR path LIKE $2) AND ${householdScope}
         GROUP BY building_id
       ) h ON h.building_id = b.id
       WHERE (b.path = $1 OR b.path LIKE $2) AND ${buildingScope}`,
      params,
    );
  }

  /** Households registered without a building, per community (the fifth segment of their path). */
  async unlocatedHouseholds(scope: DataScope, unitPath: string): Promise<Map<string, number>> {
    const params: unknown[] = [unitPath, `${escapeLike(unitPath)}.%`];
    const rows: { communityCode: string; n: number }[] = await this.dataSource.query(
      `SELECT split_part(path, '.', 5) AS "communityCode", count(*)::int AS n FROM households
       WHERE building_id IS NULL AND (path = $1 OR path LIKE $2) AND ${scopePredicate(scope, 'path', params)}
       GROUP BY 1`,
      params,
    );
    return new Map(rows.map((r) => [r.communityCode, r.n]));
  }
}
