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
import { ServiceSiteEntity } from './service-site.entity.js';
import type { OpeningHours } from './site-input.js';

export type SiteRow = Omit<Row<ServiceSiteEntity>, 'openingHours'> & { openingHours: OpeningHours };

export type SiteWrite = Omit<SiteRow, 'updatedAt'>;

/** What the coverage computation needs of a site: where it is and what to call it. */
export type SitePoint = Pick<SiteRow, 'id' | 'name' | 'lat' | 'lng'>;

/** What an update writes (the service merges the patch); kind and unit never change. */
const MUTABLE = ['name', 'address', 'lat', 'lng', 'functions', 'openingHours'] as const;

const sites = (db: Db) => entityColumns(db, ServiceSiteEntity);

/** The only code that touches the service_sites table. Every read but one takes the caller's scope. */
@Injectable()
export class ServiceSiteRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, s: SiteWrite): Promise<SiteRow> {
    const c = sites(manager);
    const row = await queryOne<SiteRow>(
      manager,
      sql`${c.insert([s], ['id', 'kind', 'unitCode', 'path', ...MUTABLE])} RETURNING ${c.select()}`,
    );
    return row!;
  }

  async update(manager: EntityManager, s: SiteWrite): Promise<SiteRow> {
    const c = sites(manager);
    const row = await queryOne<SiteRow>(
      manager,
      sql`UPDATE ${c.table} SET ${c.assign(s, MUTABLE)}, updated_at = now()
          WHERE id = ${s.id} RETURNING ${c.select()}`,
    );
    return row!;
  }

  /** The row when it lies in the caller's scope; `lock` holds it `FOR UPDATE` in the manager's transaction. */
  findById(
    scope: DataScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<SiteRow | null> {
    return findInScope(manager, sites(manager), {
      id,
      scope: scope.path,
      path: 'path',
      lock,
    });
  }

  /** Sites in a unit's subtree (IDX_service_sites_path), optionally of one kind or function, by (name, id). */
  list(
    scope: DataScope,
    unitPath: string,
    filter: { kind: string | null; function: string | null },
    after: { name: string; id: string } | null,
    limit: number,
  ): Promise<SiteRow[]> {
    const c = sites(this.dataSource);
    const path = c.column('path');
    const where = [pathWithinSql(path, unitPath), pathWithinSql(path, scope.path)];
    if (filter.kind) where.push(sql`kind = ${filter.kind}`);
    if (filter.function) where.push(sql`${filter.function} = ANY(functions)`);
    if (after) where.push(sql`(name, id) > (${after.name}, ${after.id}::uuid)`);
    return queryRows(
      this.dataSource,
      sql`SELECT ${c.select()} FROM ${c.table} WHERE ${sql.and(where)} ORDER BY name, id LIMIT ${limit}`,
    );
  }

  /**
   * Every site of a district, whatever the caller's scope: residents walk to the nearest centre or
   * station across community and street borders, and a site's place and name are public (they hang on
   * its door). Only what the service-circle computation needs comes back.
   */
  pointsInDistrict(districtPath: string): Promise<SitePoint[]> {
    const c = sites(this.dataSource);
    return queryRows(
      this.dataSource,
      sql`SELECT ${c.select(undefined, ['id', 'name', 'lat', 'lng'])} FROM ${c.table}
          WHERE ${pathWithinSql(c.column('path'), districtPath)} ORDER BY id`,
    );
  }
}
