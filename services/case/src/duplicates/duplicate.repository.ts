import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { CaseEntity } from '../intake/case.entity.js';

export type NearbyCase = Pick<Row<CaseEntity>, 'id' | 'title' | 'state' | 'createdAt'> & { distance: number };

export interface NearbySearch {
  /** The new case: its category, place, time and district. */
  of: Pick<Row<CaseEntity>, 'id' | 'category' | 'createdAt' | 'unitPath'> & { lat: number; lng: number };
  radiusMeters: number;
  windowHours: number;
  /** Half the bounding box's sides, in degrees. */
  dLat: number;
  dLng: number;
}

/** Reads cases near a new one (the intake's duplicate hint); cases are the intake's, this only reads. */
@Injectable()
export class DuplicateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Open cases of the category within the radius and the time window, nearest first, at most five. */
  async nearby(search: NearbySearch): Promise<NearbyCase[]> {
    const c = entityColumns(this.dataSource, CaseEntity);
    const { of } = search;
    const lat = sql`${of.lat}::float8`;
    const lng = sql`${of.lng}::float8`;
    const at = sql`${of.createdAt}::timestamptz`;
    // A bounding box first (index-friendly arithmetic), then the haversine distance.
    return queryRows<NearbyCase>(
      this.dataSource,
      sql`SELECT id, title, state, "createdAt", distance FROM (
            SELECT ${c.select(undefined, ['id', 'title', 'state', 'createdAt'])},
                   2 * 6371008.8 * asin(sqrt(
                     power(sin(radians(lat - ${lat}) / 2), 2) +
                     cos(radians(${lat})) * cos(radians(lat)) * power(sin(radians(lng - ${lng}) / 2), 2)))
                     AS distance
              FROM ${c.table}
             WHERE category = ${of.category} AND id <> ${of.id} AND state <> 'closed'
               AND created_at >= ${at} - make_interval(hours => ${search.windowHours})
               AND created_at <= ${at} + interval '1 minute'
               AND lat BETWEEN ${lat} - ${search.dLat}::float8 AND ${lat} + ${search.dLat}::float8
               AND lng BETWEEN ${lng} - ${search.dLng}::float8 AND ${lng} + ${search.dLng}::float8
               AND unit_path[3] = ${of.unitPath[2] ?? of.unitPath[0]}
          ) near
          WHERE distance <= ${search.radiusMeters}
          ORDER BY distance, "createdAt" DESC
          LIMIT 5`,
    );
  }
}
