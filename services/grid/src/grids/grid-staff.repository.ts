import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { scopePredicate, type DataScope } from '../scope/data-scope.js';

export interface StaffRow {
  id: string;
  gridCode: string;
  name: string;
  role: string;
  partTimeKind: string | null;
  phoneEnc: string | null;
  since: string;
  until: string | null;
}

const COLUMNS = `id, grid_code AS "gridCode", name, role, part_time_kind AS "partTimeKind", phone_enc AS "phoneEnc",
  to_char(since, 'YYYY-MM-DD') AS since, to_char(until, 'YYYY-MM-DD') AS until`;

@Injectable()
export class GridStaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: StaffRow): Promise<StaffRow> {
    const [created] = await manager.query(
      `INSERT INTO grid_staff (id, grid_code, name, role, part_time_kind, phone_enc, since)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [row.id, row.gridCode, row.name, row.role, row.partTimeKind, row.phoneEnc, row.since],
    );
    return created;
  }

  /** Current staff of grids (until unset or in the future). */
  async currentOf(codes: string[]): Promise<StaffRow[]> {
    if (codes.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM grid_staff WHERE grid_code = ANY($1) AND (until IS NULL OR until > current_date)
       ORDER BY grid_code, role, since`,
      [codes],
    );
  }

  async end(manager: EntityManager, scope: DataScope, id: string, until: string): Promise<StaffRow | null> {
    const params: unknown[] = [id, until];
    const rows: StaffRow[] = await manager.query(
      `WITH e AS (
         UPDATE grid_staff s SET until = $2 FROM grids g
         WHERE s.id = $1 AND g.code = s.grid_code AND ${scopePredicate(scope, 'g.path', params)}
         RETURNING s.*
       ) SELECT ${COLUMNS} FROM e`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Staff of retired grids leave with them; the rows stay as history. */
  async endAllOf(manager: EntityManager, codes: string[]): Promise<void> {
    await manager.query(
      `UPDATE grid_staff SET until = current_date WHERE grid_code = ANY($1) AND until IS NULL`,
      [codes],
    );
  }

  /** Active grids in a subtree whose current staff is below their type's standard, or without a head. */
  async belowStandard(
    scope: DataScope,
    unitPath: string,
  ): Promise<{ checked: number; rows: Record<string, unknown>[] }> {
    const params: unknown[] = [`${unitPath}.%`];
    const rows = await this.dataSource.query(
      `WITH g AS (
         SELECT code, name, type, path FROM grids
         WHERE status = 'active' AND path LIKE $1 AND ${scopePredicate(scope, 'path', params)}
       ), s AS (
         SELECT grid_code,
                count(*) FILTER (WHERE role = 'head') ::int AS heads,
                count(*) FILTER (WHERE role = 'full_time') ::int AS full_time,
                count(*) FILTER (WHERE role = 'part_time') ::int AS part_time
         FROM grid_staff WHERE grid_code IN (SELECT code FROM g) AND (until IS NULL OR until > current_date)
         GROUP BY grid_code
       )
       SELECT g.code AS "gridCode", g.name AS "gridName", g.type,
              coalesce(s.heads, 0) > 0 AS "hasHead", coalesce(s.full_time, 0) AS "fullTime",
              coalesce(s.part_time, 0) AS "partTime", t.min_full_time AS "minFullTime", t.min_part_time AS "minPartTime",
              count(*) OVER () ::int AS checked,
              (coalesce(s.heads, 0) = 0 OR coalesce(s.full_time, 0) < t.min_full_time
                 OR coalesce(s.part_time, 0) < t.min_part_time) AS short
       FROM g JOIN grid_types t ON t.type = g.type LEFT JOIN s ON s.grid_code = g.code
       ORDER BY g.code`,
      params,
    );
    return { checked: rows[0]?.checked ?? 0, rows: rows.filter((r: { short: boolean }) => r.short) };
  }
}
