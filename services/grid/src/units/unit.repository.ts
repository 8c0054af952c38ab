import { Injectable } from '@nestjs/common';
import {
  entityColumns,
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
import { UnitEntity } from './unit.entity.js';

/** A unit as the tree shows it; the boundary is read only where it is drawn (`findUnscoped`). */
const PROPS = [
  'code',
  'name',
  'level',
  'kind',
  'parentCode',
  'path',
] as const satisfies readonly (keyof UnitEntity)[];

export type UnitRow = Pick<Row<UnitEntity>, (typeof PROPS)[number]>;

export interface UnitCounts {
  children: number;
  streets: number;
  communities: number;
  grids: number;
  buildings: number;
  households: number;
  residents: number;
}

const units = (db: Db) => entityColumns(db, UnitEntity);

/** The only code that touches the units table. Every read takes the caller's scope. */
@Injectable()
export class UnitRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts new units and updates changed ones (one array per column, unnested); returns only rows that changed. */
  upsertDivisions(manager: EntityManager, rows: UnitRow[]): Promise<(UnitRow & { inserted: boolean })[]> {
    const u = units(manager);
    const column = <K extends (typeof PROPS)[number]>(prop: K, type: string) =>
      sql`${rows.map((r) => r[prop])}::${sql.raw(type)}[]`;
    return queryRows(
      manager,
      sql`INSERT INTO ${u.table} (${u.names(PROPS)})
          SELECT * FROM unnest(${column('code', 'varchar')}, ${column('name', 'text')}, ${column('level', 'varchar')},
                               ${column('kind', 'varchar')}, ${column('parentCode', 'varchar')}, ${column('path', 'text')})
          ON CONFLICT (code) DO UPDATE
            SET name = EXCLUDED.name, level = EXCLUDED.level, kind = EXCLUDED.kind,
                parent_code = EXCLUDED.parent_code, path = EXCLUDED.path, updated_at = now()
            WHERE (units.name, units.level, units.kind, units.parent_code, units.path)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.parent_code, EXCLUDED.path)
          RETURNING ${u.select(undefined, PROPS)}, (xmax = 0) AS inserted`,
    );
  }

  findByCode(scope: DataScope, code: string): Promise<UnitRow | null> {
    const u = units(this.dataSource);
    return queryOne(
      this.dataSource,
      sql`SELECT ${u.select(undefined, PROPS)} FROM ${u.table}
          WHERE code = ${code} AND ${pathWithinSql(u.column('path'), scope.path)}`,
    );
  }

  /** Any unit, regardless of scope: for resolving a code to its path inside the service. */
  findUnscoped(
    code: string,
  ): Promise<Pick<Row<UnitEntity>, 'code' | 'path' | 'level' | 'boundary' | 'name'> | null> {
    const u = units(this.dataSource);
    return queryOne(
      this.dataSource,
      sql`SELECT ${u.select(undefined, ['code', 'path', 'level', 'boundary', 'name'])} FROM ${u.table}
          WHERE code = ${code}`,
    );
  }

  /** Direct children, ordered by code, without a scope check (service-internal use). */
  childrenUnscoped(code: string): Promise<UnitRow[]> {
    const u = units(this.dataSource);
    return queryRows(
      this.dataSource,
      sql`SELECT ${u.select(undefined, PROPS)} FROM ${u.table} WHERE parent_code = ${code} ORDER BY code`,
    );
  }

  async setBoundary(code: string, boundary: object): Promise<void> {
    const u = units(this.dataSource);
    const json = JSON.stringify(boundary);
    await execute(
      this.dataSource,
      sql`UPDATE ${u.table} SET boundary = ${json}::jsonb, updated_at = now()
          WHERE code = ${code} AND boundary IS DISTINCT FROM ${json}::jsonb`,
    );
  }

  /** Units by code without a scope check: only for names of a visible unit's ancestors. */
  async findManyUnscoped(codes: string[]): Promise<UnitRow[]> {
    if (codes.length === 0) return [];
    const u = units(this.dataSource);
    return queryRows(
      this.dataSource,
      sql`SELECT ${u.select(undefined, PROPS)} FROM ${u.table} WHERE code = ANY(${codes}) ORDER BY length(path)`,
    );
  }

  /** Children of a unit (or the scope's roots when parent is null), keyset-paged by code. */
  listChildren(
    scope: DataScope,
    parentCode: string | null,
    after: string | null,
    limit: number,
  ): Promise<UnitRow[]> {
    const u = units(this.dataSource);
    const where = [pathWithinSql(u.column('path'), scope.path)];
    if (parentCode) where.push(sql`parent_code = ${parentCode}`);
    else if (scope.path) where.push(sql`path = ${scope.path}`);
    else where.push(sql`parent_code IS NULL`);
    if (after) where.push(sql`code > ${after}`);
    return queryRows(
      this.dataSource,
      sql`SELECT ${u.select(undefined, PROPS)} FROM ${u.table} WHERE ${sql.and(where)} ORDER BY code LIMIT ${limit}`,
    );
  }

  async counts(
    path: string,
    code: string,
  ): Promise<Pick<UnitCounts, 'children' | 'streets' | 'communities'>> {
    const u = units(this.dataSource);
    const row = await queryOne<Pick<UnitCounts, 'children' | 'streets' | 'communities'>>(
      this.dataSource,
      sql`SELECT
         count(*) FILTER (WHERE parent_code = ${code}) ::int AS children,
         count(*) FILTER (WHERE level = 'street') ::int AS streets,
         count(*) FILTER (WHERE level = 'community') ::int AS communities
       FROM ${u.table} WHERE ${pathWithinSql(u.column('path'), path)}`,
    );
    return row!;
  }
}
