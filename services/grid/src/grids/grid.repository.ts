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
import type { AreaGeometry } from '../geometry/index.js';
import type { DataScope } from '../scope/data-scope.js';
import { GridTypeEntity } from './grid-type.entity.js';
import { GridEntity } from './grid.entity.js';
import { GridLineageEntity } from './grid-lineage.entity.js';

/** Every column but the boundary, which is read only where it is drawn or checked (`withBoundary`). */
const PROPS = [
  'code',
  'name',
  'type',
  'communityCode',
  'parentGridCode',
  'path',
  'status',
  'version',
  'createdAt',
  'retiredAt',
  'retiredReason',
  'replacedBy',
] as const satisfies readonly (keyof GridEntity)[];

export type GridRow = Pick<Row<GridEntity>, (typeof PROPS)[number]> & { boundary?: AreaGeometry };

/** What the location index is built from. */
export type GridForIndex = Pick<Row<GridEntity>, 'code' | 'name' | 'path' | 'communityCode' | 'status'> & {
  boundary: AreaGeometry;
};

export type GridTypeRow = Row<GridTypeEntity>;

const grids = (db: Db) => entityColumns(db, GridEntity);

/** The select list, with the boundary when asked for. */
const gridSelect = (db: Db, withBoundary: boolean) =>
  grids(db).select(undefined, withBoundary ? [...PROPS, 'boundary'] : PROPS);

/** The only code that touches the grids and grid_lineage tables. */
@Injectable()
export class GridRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(
    manager: EntityManager,
    grid: Pick<GridRow, 'code' | 'name' | 'type' | 'communityCode' | 'parentGridCode' | 'path'> & {
      boundary: AreaGeometry;
    },
  ): Promise<GridRow | null> {
    const g = grids(manager);
    return queryOne(
      manager,
      sql`INSERT INTO ${g.table} (${g.names(['code', 'name', 'type', 'communityCode', 'parentGridCode', 'path', 'boundary'])})
          VALUES (${grid.code}, ${grid.name}, ${grid.type}, ${grid.communityCode}, ${grid.parentGridCode},
                  ${grid.path}, ${JSON.stringify(grid.boundary)}::jsonb)
          ON CONFLICT (code) DO NOTHING RETURNING ${gridSelect(manager, false)}`,
    );
  }

  find(
    scope: DataScope,
    code: string,
    withBoundary: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GridRow | null> {
    const g = grids(manager);
    return queryOne(
      manager,
      sql`SELECT ${gridSelect(manager, withBoundary)} FROM ${g.table}
          WHERE code = ${code} AND ${pathWithinSql(g.column('path'), scope.path)}`,
    );
  }

  /** Active grids of a community with their boundaries (for overlap checks), locked for a redraw. */
  activeInCommunity(
    manager: EntityManager,
    communityCode: string,
  ): Promise<(GridRow & { boundary: AreaGeometry })[]> {
    const g = grids(manager);
    return queryRows(
      manager,
      sql`SELECT ${gridSelect(manager, true)} FROM ${g.table}
          WHERE community_code = ${communityCode} AND status = 'active' ORDER BY code FOR UPDATE`,
    );
  }

  /** Grids below a unit (not the unit itself: a grid's path extends its community's), keyset-paged by code. */
  async list(
    scope: DataScope,
    unitPath: string,
    options: {
      after: string | null;
      limit: number;
      withBoundary: boolean;
      includeRetired: boolean;
      query?: string | null;
      type?: string | null;
    },
  ): Promise<{ rows: GridRow[]; total: number }> {
    const g = grids(this.dataSource);
    const where = [
      sql`path LIKE ${`${escapeLike(unitPath)}.%`}`,
      pathWithinSql(g.column('path'), scope.path),
    ];
    if (!options.includeRetired) where.push(sql`status = 'active'`);
    if (options.query) {
      // A literal text search: LIKE's own wildcards in it match themselves.
      const pattern = `%${escapeLike(options.query)}%`;
      where.push(sql`(name ILIKE ${pattern} OR code ILIKE ${pattern})`);
    }
    if (options.type) where.push(sql`type = ${options.type}`);
    // The total counts every page: asked for before the cursor narrows the rows.
    const counted = await queryOne<{ total: number }>(
      this.dataSource,
      sql`SELECT count(*)::int AS total FROM ${g.table} WHERE ${sql.and(where)}`,
    );
    if (options.after) where.push(sql`code > ${options.after}`);
    const rows = await queryRows<GridRow>(
      this.dataSource,
      sql`SELECT ${gridSelect(this.dataSource, options.withBoundary)} FROM ${g.table}
          WHERE ${sql.and(where)} ORDER BY code LIMIT ${options.limit}`,
    );
    return { rows, total: counted?.total ?? 0 };
  }

  async retire(
    manager: EntityManager,
    codes: string[],
    reason: string,
    replacedBy: string[],
    by: string,
  ): Promise<GridRow[]> {
    const g = grids(manager);
    const lineage = entityColumns(manager, GridLineageEntity);
    const retired = await queryRows<GridRow>(
      manager,
      sql`UPDATE ${g.table} SET status = 'retired', retired_at = now(), retired_reason = ${reason},
            replaced_by = ${replacedBy}::text[], version = version + 1
          WHERE code = ANY(${codes}) AND status = 'active' RETURNING ${gridSelect(manager, false)}`,
    );
    await execute(
      manager,
      sql`INSERT INTO ${lineage.table} (${lineage.names(['oldCode', 'newCode', 'change', 'changedAt', 'changedBy'])})
          SELECT o, n, ${reason}, now(), ${by}
          FROM unnest(${codes}::text[]) AS o CROSS JOIN unnest(${replacedBy}::text[]) AS n`,
    );
    return retired;
  }

  /** Every active grid with its boundary: what the location index is built from. */
  allActiveForIndex(): Promise<Omit<GridForIndex, 'status'>[]> {
    const g = grids(this.dataSource);
    return queryRows(
      this.dataSource,
      sql`SELECT ${g.select(undefined, ['code', 'name', 'path', 'communityCode', 'boundary'])} FROM ${g.table}
          WHERE status = 'active'`,
    );
  }

  forIndex(code: string): Promise<GridForIndex | null> {
    const g = grids(this.dataSource);
    return queryOne(
      this.dataSource,
      sql`SELECT ${g.select(undefined, ['code', 'name', 'path', 'communityCode', 'status', 'boundary'])}
          FROM ${g.table} WHERE code = ${code}`,
    );
  }

  types(): Promise<GridTypeRow[]> {
    const t = entityColumns(this.dataSource, GridTypeEntity);
    return queryRows(this.dataSource, sql`SELECT ${t.select()} FROM ${t.table} ORDER BY min_full_time, type`);
  }
}
