import { Injectable } from '@nestjs/common';
import {
  entityColumns,
  escapeLike,
  execute,
  pathWithinSql,
  queryOne,
  queryRows,
  sql,
  type Db,
  type Row,
} from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { DataScope } from '../scope/data-scope.js';
import { GridTypeEntity } from './grid-type.entity.js';
import { GridEntity } from './grid.entity.js';
import { GridStaffEntity } from './grid-staff.entity.js';

const PROPS = [
  'id',
  'gridCode',
  'name',
  'role',
  'partTimeKind',
  'phoneEnc',
  'since',
  'until',
] as const satisfies readonly (keyof GridStaffEntity)[];

/** A staff row; `since` and `until` are `YYYY-MM-DD` (date columns are read as text). */
export type StaffRow = Pick<Row<GridStaffEntity>, (typeof PROPS)[number]>;

/** One active grid measured against its type's staffing standard. */
export interface StaffingRow {
  gridCode: string;
  gridName: string;
  type: string;
  hasHead: boolean;
  fullTime: number;
  partTime: number;
  minFullTime: number;
  minPartTime: number;
}

const staff = (db: Db) => entityColumns(db, GridStaffEntity);

@Injectable()
export class GridStaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: StaffRow): Promise<StaffRow> {
    const s = staff(manager);
    const created = await queryOne<StaffRow>(
      manager,
      sql`${s.insert([row], ['id', 'gridCode', 'name', 'role', 'partTimeKind', 'phoneEnc', 'since'])}
          RETURNING ${s.select(undefined, PROPS)}`,
    );
    return created!;
  }

  /** Current staff of grids (until unset or in the future). */
  async currentOf(codes: string[]): Promise<StaffRow[]> {
    if (codes.length === 0) return [];
    const s = staff(this.dataSource);
    return queryRows(
      this.dataSource,
      sql`SELECT ${s.select(undefined, PROPS)} FROM ${s.table}
          WHERE grid_code = ANY(${codes}) AND (until IS NULL OR until > current_date)
          ORDER BY grid_code, role, since`,
    );
  }

  /** Ends a posting on a grid in the caller's scope; null when there is none. */
  end(manager: EntityManager, scope: DataScope, id: string, until: string): Promise<StaffRow | null> {
    const s = staff(manager);
    const g = entityColumns(manager, GridEntity);
    return queryOne(
      manager,
      sql`UPDATE ${s.table} s SET until = ${until}::date FROM ${g.table} g
          WHERE s.id = ${id} AND g.code = s.grid_code AND ${pathWithinSql(g.column('path', 'g'), scope.path)}
          RETURNING ${s.select('s', PROPS)}`,
    );
  }

  /** Staff of retired grids leave with them; the rows stay as history. */
  async endAllOf(manager: EntityManager, codes: string[]): Promise<void> {
    const s = staff(manager);
    await execute(
      manager,
      sql`UPDATE ${s.table} SET until = current_date WHERE grid_code = ANY(${codes}) AND until IS NULL`,
    );
  }

  /** Active grids in a subtree whose current staff is below their type's standard, or without a head. */
  async belowStandard(scope: DataScope, unitPath: string): Promise<{ checked: number; rows: StaffingRow[] }> {
    const s = staff(this.dataSource);
    const g = entityColumns(this.dataSource, GridEntity);
    const t = entityColumns(this.dataSource, GridTypeEntity);
    const rows = await queryRows<StaffingRow & { checked: number; short: boolean }>(
      this.dataSource,
      sql`WITH g AS (
            SELECT code, name, type, path FROM ${g.table}
            WHERE status = 'active' AND path LIKE ${`${escapeLike(unitPath)}.%`}
              AND ${pathWithinSql(g.column('path'), scope.path)}
          ), s AS (
            SELECT grid_code,
                   count(*) FILTER (WHERE role = 'head') ::int AS heads,
                   count(*) FILTER (WHERE role = 'full_time') ::int AS full_time,
                   count(*) FILTER (WHERE role = 'part_time') ::int AS part_time
            FROM ${s.table} WHERE grid_code IN (SELECT code FROM g) AND (until IS NULL OR until > current_date)
            GROUP BY grid_code
          )
          SELECT g.code AS "gridCode", g.name AS "gridName", g.type,
                 coalesce(s.heads, 0) > 0 AS "hasHead", coalesce(s.full_time, 0) AS "fullTime",
                 coalesce(s.part_time, 0) AS "partTime",
                 ${t.select('t', ['minFullTime', 'minPartTime'])},
                 count(*) OVER () ::int AS checked,
                 (coalesce(s.heads, 0) = 0 OR coalesce(s.full_time, 0) < t.min_full_time
                    OR coalesce(s.part_time, 0) < t.min_part_time) AS short
          FROM g JOIN ${t.table} t ON t.type = g.type LEFT JOIN s ON s.grid_code = g.code
          ORDER BY g.code`,
    );
    return { checked: rows[0]?.checked ?? 0, rows: rows.filter((r) => r.short) };
  }
}
