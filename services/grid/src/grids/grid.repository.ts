import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AreaGeometry } from '../geometry/index.js';
import { scopePredicate, type DataScope } from '../scope/data-scope.js';

export interface GridRow {
  code: string;
  name: string;
  type: string;
  communityCode: string;
  parentGridCode: string | null;
  path: string;
  boundary?: AreaGeometry;
  status: 'active' | 'retired';
  version: number;
  createdAt: Date;
  retiredAt: Date | null;
  retiredReason: string | null;
  replacedBy: string[];
}

const COLUMNS = `code, name, type, community_code AS "communityCode", parent_grid_code AS "parentGridCode", path,
  status, version, created_at AS "createdAt", retired_at AS "retiredAt", retired_reason AS "retiredReason",
  replaced_by AS "replacedBy"`;

/** The only code that touches the grids and grid_lineage tables. */
@Injectable()
export class GridRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    grid: Omit<GridRow, 'status' | 'version' | 'createdAt' | 'retiredAt' | 'retiredReason' | 'replacedBy'> & {
      boundary: AreaGeometry;
    },
  ): Promise<GridRow | null> {
    const rows: GridRow[] = await manager.query(
      `INSERT INTO grids (code, name, type, community_code, parent_grid_code, path, boundary)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [
        grid.code,
        grid.name,
        grid.type,
        grid.communityCode,
        grid.parentGridCode,
        grid.path,
        JSON.stringify(grid.boundary),
      ],
    );
    return rows[0] ?? null;
  }

  async find(
    scope: DataScope,
    code: string,
    withBoundary: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GridRow | null> {
    const params: unknown[] = [code];
    const rows: GridRow[] = await manager.query(
      `SELECT ${COLUMNS}${withBoundary ? ', boundary' : ''} FROM grids
       WHERE code = $1 AND ${scopePredicate(scope, 'path', params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Active grids of a community with their boundaries (for overlap checks), locked for a redraw. */
  async activeInCommunity(
    manager: EntityManager,
    communityCode: string,
  ): Promise<(GridRow & { boundary: AreaGeometry })[]> {
    return manager.query(
      `SELECT ${COLUMNS}, boundary FROM grids WHERE community_code = $1 AND status = 'active' ORDER BY code FOR UPDATE`,
      [communityCode],
    );
  }

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
    const params: unknown[] = [`${unitPath}.%`];
    const where = [`path LIKE $1`, scopePredicate(scope, 'path', params)];
    if (!options.includeRetired) where.push(`status = 'active'`);
    if (options.query) {
      // A literal text search: LIKE's own wildcards in it match themselves.
      params.push(`%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(name ILIKE $${params.length} OR code ILIKE $${params.length})`);
    }
    if (options.type) {
      params.push(options.type);
      where.push(`type = $${params.length}`);
    }
    // The total counts every page: asked for before the cursor narrows the rows.
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM grids WHERE ${where.join(' AND ')}`,
      params,
    );
    if (options.after) {
      params.push(options.after);
      where.push(`code > $${params.length}`);
    }
    params.push(options.limit);
    const rows: GridRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}${options.withBoundary ? ', boundary' : ''} FROM grids WHERE ${where.join(' AND ')}
       ORDER BY code LIMIT $${params.length}`,
      params,
    );
    return { rows, total };
  }

  async retire(
    manager: EntityManager,
    codes: string[],
    reason: string,
    replacedBy: string[],
    by: string,
  ): Promise<GridRow[]> {
    // Wrapped in WITH … SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const retired: GridRow[] = await manager.query(
      `WITH r AS (
         UPDATE grids SET status = 'retired', retired_at = now(), retired_reason = $2, replaced_by = $3,
                version = version + 1
         WHERE code = ANY($1) AND status = 'active' RETURNING *
       ) SELECT ${COLUMNS} FROM r`,
      [codes, reason, replacedBy],
    );
    await manager.query(
      `INSERT INTO grid_lineage (old_code, new_code, change, changed_at, changed_by)
       SELECT o, n, $3, now(), $4 FROM unnest($1::text[]) AS o CROSS JOIN unnest($2::text[]) AS n`,
      [codes, replacedBy, reason, by],
    );
    return retired;
  }

  /** Every active grid with its boundary: what the location index is built from. */
  async allActiveForIndex(): Promise<
    { code: string; name: string; path: string; communityCode: string; boundary: AreaGeometry }[]
  > {
    return this.dataSource.query(
      `SELECT code, name, path, community_code AS "communityCode", boundary FROM grids WHERE status = 'active'`,
    );
  }

  async forIndex(code: string): Promise<{
    code: string;
    name: string;
    path: string;
    communityCode: string;
    status: string;
    boundary: AreaGeometry;
  } | null> {
    const rows = await this.dataSource.query(
      `SELECT code, name, path, community_code AS "communityCode", status, boundary FROM grids WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }

  async types(): Promise<
    { type: string; nameZh: string; nameEn: string; minFullTime: number; minPartTime: number }[]
  > {
    return this.dataSource.query(
      `SELECT type, name_zh AS "nameZh", name_en AS "nameEn", min_full_time AS "minFullTime", min_part_time AS "minPartTime"
       FROM grid_types ORDER BY min_full_time, type`,
    );
  }
}
