import { Injectable } from '@nestjs/common';
import { entityColumns, findInScope } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike, scopePredicate, type DataScope } from '../scope/data-scope.js';
import { ServiceSiteEntity } from './service-site.entity.js';
import type { OpeningHours } from './site-input.js';

export interface SiteRow {
  id: string;
  name: string;
  kind: string;
  unitCode: string;
  path: string;
  address: string;
  lat: number;
  lng: number;
  functions: string[];
  openingHours: OpeningHours;
  updatedAt: Date;
}

export type SiteWrite = Omit<SiteRow, 'updatedAt'>;

/** What the coverage computation needs of a site: where it is and what to call it. */
export interface SitePoint {
  id: string;
  name: string;
  lat: number;
  lng: number;
}

const COLUMNS = `id, name, kind, unit_code AS "unitCode", path, address, lat, lng, functions,
  opening_hours AS "openingHours", updated_at AS "updatedAt"`;

/** The only code that touches the service_sites table. Every read but one takes the caller's scope. */
@Injectable()
export class ServiceSiteRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, s: SiteWrite): Promise<SiteRow> {
    const rows: SiteRow[] = await manager.query(
      `INSERT INTO service_sites (id, name, kind, unit_code, path, address, lat, lng, functions, opening_hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        s.id,
        s.name,
        s.kind,
        s.unitCode,
        s.path,
        s.address,
        s.lat,
        s.lng,
        s.functions,
        JSON.stringify(s.openingHours),
      ],
    );
    return rows[0];
  }

  /** Writes every mutable column (the service merges the patch); kind and unit never change. */
  async update(manager: EntityManager, s: SiteWrite): Promise<SiteRow> {
    const rows: SiteRow[] = await manager.query(
      `WITH s AS (
         UPDATE service_sites SET name = $2, address = $3, lat = $4, lng = $5, functions = $6,
           opening_hours = $7, updated_at = now()
         WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM s`,
      [s.id, s.name, s.address, s.lat, s.lng, s.functions, JSON.stringify(s.openingHours)],
    );
    return rows[0];
  }

  /** The row when it lies in the caller's scope; `lock` holds it `FOR UPDATE` in the manager's transaction. */
  findById(
    scope: DataScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<SiteRow | null> {
    return findInScope(manager, entityColumns(manager, ServiceSiteEntity), {
      id,
      scope: scope.path,
      path: 'path',
      lock,
    });
  }

  /** Sites in a unit's subtree (IDX_service_sites_path), optionally of one kind or function, by (name, id). */
  async list(
    scope: DataScope,
    unitPath: string,
    filter: { kind: string | null; function: string | null },
    after: { name: string; id: string } | null,
    limit: number,
  ): Promise<SiteRow[]> {
    const params: unknown[] = [unitPath, `${escapeLike(unitPath)}.%`];
    const where = ['(path = $1 OR path LIKE $2)', scopePredicate(scope, 'path', params)];
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`kind = $${params.length}`);
    }
    if (filter.function) {
      params.push(filter.function);
      where.push(`$${params.length} = ANY(functions)`);
    }
    if (after) {
      params.push(after.name, after.id);
      where.push(`(name, id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM service_sites WHERE ${where.join(' AND ')}
       ORDER BY name, id LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Every site of a district, whatever the caller's scope: residents walk to the nearest centre or
   * station across community and street borders, and a site's place and name are public (they hang on
   * its door). Only what the service-circle computation needs comes back.
   */
  pointsInDistrict(districtPath: string): Promise<SitePoint[]> {
    return this.dataSource.query(
      `SELECT id, name, lat, lng FROM service_sites WHERE path = $1 OR path LIKE $2 ORDER BY id`,
      [districtPath, `${escapeLike(districtPath)}.%`],
    );
  }
}
