import { Injectable } from '@nestjs/common';
import { pathWithinSql, queryOne, sql } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { scopePredicate, type DataScope } from '../scope/data-scope.js';
import type { UnitEntity } from './unit.entity.js';

export interface UnitRow {
  code: string;
  name: string;
  level: string;
  kind: string;
  parentCode: string | null;
  path: string;
}

export interface UnitCounts {
  children: number;
  streets: number;
  communities: number;
  grids: number;
  buildings: number;
  households: number;
  residents: number;
}

const COLUMNS = `code, name, level, kind, parent_code AS "parentCode", path`;

/** The only code that touches the units table. Every read takes the caller's scope. */
@Injectable()
export class UnitRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts new units and updates changed ones; returns only rows that changed. */
  async upsertDivisions(
    manager: EntityManager,
    rows: (UnitRow & { parentCode: string | null })[],
  ): Promise<(UnitRow & { inserted: boolean })[]> {
    return manager.query(
      `INSERT INTO units (code, name, level, kind, parent_code, path)
       SELECT * FROM unnest($1::varchar[], $2::text[], $3::varchar[], $4::varchar[], $5::varchar[], $6::text[])
       ON CONFLICT (code) DO UPDATE
         SET name = EXCLUDED.name, level = EXCLUDED.level, kind = EXCLUDED.kind,
             parent_code = EXCLUDED.parent_code, path = EXCLUDED.path, updated_at = now()
         WHERE (units.name, units.level, units.kind, units.parent_code, units.path)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.parent_code, EXCLUDED.path)
       RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.name),
        rows.map((r) => r.level),
        rows.map((r) => r.kind),
        rows.map((r) => r.parentCode),
        rows.map((r) => r.path),
      ],
    );
  }

  async findByCode(scope: DataScope, code: string): Promise<UnitRow | null> {
    const params: unknown[] = [code];
    const rows: UnitRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM units WHERE code = $1 AND ${scopePredicate(scope, 'path', params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Any unit, regardless of scope: for resolving a code to its path inside the service. */
  async findUnscoped(
    code: string,
  ): Promise<Pick<UnitEntity, 'code' | 'path' | 'level' | 'boundary' | 'name'> | null> {
    const rows = await this.dataSource.query(
      `SELECT code, path, level, boundary, name FROM units WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }

  /** Direct children, ordered by code, without a scope check (service-internal use). */
  childrenUnscoped(code: string): Promise<UnitRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM units WHERE parent_code = $1 ORDER BY code`, [code]);
  }

  async setBoundary(code: string, boundary: object): Promise<void> {
    await this.dataSource.query(
      `UPDATE units SET boundary = $2, updated_at = now() WHERE code = $1 AND boundary IS DISTINCT FROM $2::jsonb`,
      [code, JSON.stringify(boundary)],
    );
  }

  /** Units by code without a scope check: only for names of a visible unit's ancestors. */
  async findManyUnscoped(codes: string[]): Promise<UnitRow[]> {
    if (codes.length === 0) return [];
    return this.dataSource.query(`SELECT ${COLUMNS} FROM units WHERE code = ANY($1) ORDER BY length(path)`, [
      codes,
    ]);
  }

  /** Children of a unit (or the scope's roots when parent is null), keyset-paged by code. */
  async listChildren(
    scope: DataScope,
    parentCode: string | null,
    after: string | null,
    limit: number,
  ): Promise<UnitRow[]> {
    const params: unknown[] = [];
    const where: string[] = [scopePredicate(scope, 'path', params)];
    if (parentCode) {
      params.push(parentCode);
      where.push(`parent_code = $${params.length}`);
    } else if (scope.path) {
      params.push(scope.path);
      where.push(`path = $${params.length}`);
    } else {
      where.push('parent_code IS NULL');
    }
    if (after) {
      params.push(after);
      where.push(`code > $${params.length}`);
    }
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM units WHERE ${where.join(' AND ')} ORDER BY code LIMIT $${params.length}`,
      params,
    );
  }

  async counts(
    path: string,
    code: string,
  ): Promise<Pick<UnitCounts, 'children' | 'streets' | 'communities'>> {
    const row = await queryOne<Pick<UnitCounts, 'children' | 'streets' | 'communities'>>(
      this.dataSource,
      sql`SELECT
         count(*) FILTER (WHERE parent_code = ${code}) ::int AS children,
         count(*) FILTER (WHERE level = 'street') ::int AS streets,
         count(*) FILTER (WHERE level = 'community') ::int AS communities
       FROM units WHERE ${pathWithinSql('path', path)}`,
    );
    return row!;
  }
}
