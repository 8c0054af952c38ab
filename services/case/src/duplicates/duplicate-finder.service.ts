import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import type { CaseConfig } from '../case.config.js';
import type { CaseEntity } from '../intake/case.entity.js';

export interface DuplicateCandidate {
  id: string;
  title: string;
  state: string;
  distanceMeters: number;
  createdAt: Date;
}

/**
 * Possible duplicates of a new report: open cases of the same category within a distance and a time
 * window (both configurable), nearest first. A suggestion only: a dispatcher merges with the merge action.
 */
@Injectable()
export class DuplicateFinderService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CaseConfig,
  ) {}

  async candidates(record: CaseEntity): Promise<DuplicateCandidate[]> {
    if (record.lat === null || record.lng === null) return [];
    const radius = this.config.CASE_DUPLICATE_RADIUS_M;
    // A bounding box first (index-friendly arithmetic), then the haversine distance.
    const dLat = radius / 111_320;
    const dLng = radius / (111_320 * Math.max(Math.cos((record.lat * Math.PI) / 180), 0.01));
    const rows: { id: string; title: string; state: string; distance: number; created_at: Date }[] =
      await this.dataSource.query(
        `SELECT id, title, state, created_at, distance FROM (
           SELECT id, title, state, created_at,
                  2 * 6371008.8 * asin(sqrt(
                    power(sin(radians(lat - $3) / 2), 2) +
                    cos(radians($3)) * cos(radians(lat)) * power(sin(radians(lng - $4) / 2), 2))) AS distance
             FROM cases
            WHERE category = $1 AND id <> $2 AND state <> 'closed'
              AND created_at >= $5::timestamptz - make_interval(hours => $6)
              AND created_at <= $5::timestamptz + interval '1 minute'
              AND lat BETWEEN $3 - $7 AND $3 + $7 AND lng BETWEEN $4 - $8 AND $4 + $8
              AND unit_path[3] = $10
         ) near
         WHERE distance <= $9
         ORDER BY distance, created_at DESC
         LIMIT 5`,
        [
          record.category,
          record.id,
          record.lat,
          record.lng,
          record.createdAt,
          this.config.CASE_DUPLICATE_WINDOW_HOURS,
          dLat,
          dLng,
          radius,
          record.unitPath[2] ?? record.unitPath[0],
        ],
      );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      state: r.state,
      distanceMeters: Math.round(Number(r.distance) * 10) / 10,
      createdAt: r.created_at,
    }));
  }
}
