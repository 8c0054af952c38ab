import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { DepartmentEntity } from './department.entity.js';

const PROPS = [
  'code',
  'name',
  'kind',
  'level',
  'unitCode',
  'parentCode',
  'unitPath',
  'categories',
] as const satisfies readonly (keyof DepartmentEntity)[];

export type DepartmentRow = Pick<Row<DepartmentEntity>, (typeof PROPS)[number]>;

@Injectable()
export class DepartmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates or updates; returns the rows that actually changed. The rows travel as one JSON array
   * (`jsonb_populate_recordset` over the table's own row type), so a batch is one statement.
   */
  async upsert(
    manager: EntityManager,
    rows: DepartmentRow[],
  ): Promise<(DepartmentRow & { inserted: boolean })[]> {
    if (rows.length === 0) return [];
    const d = entityColumns(manager, DepartmentEntity);
    const batch = rows.map((r) => ({
      code: r.code,
      name: r.name,
      kind: r.kind,
      level: r.level,
      unit_code: r.unitCode,
      parent_code: r.parentCode,
      unit_path: r.unitPath,
      categories: r.categories,
    }));
    return queryRows(
      manager,
      sql`INSERT INTO ${d.table} (${d.names(PROPS)})
          SELECT ${d.names(PROPS)} FROM jsonb_populate_recordset(NULL::departments, ${JSON.stringify(batch)}::jsonb)
          ON CONFLICT (code) DO UPDATE
            SET name = EXCLUDED.name, kind = EXCLUDED.kind, level = EXCLUDED.level,
                unit_code = EXCLUDED.unit_code, parent_code = EXCLUDED.parent_code,
                unit_path = EXCLUDED.unit_path, categories = EXCLUDED.categories, updated_at = now()
            WHERE (departments.name, departments.kind, departments.parent_code, departments.categories)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.parent_code, EXCLUDED.categories)
          RETURNING ${d.select(undefined, PROPS)}, (xmax = 0) AS inserted`,
    );
  }

  /**
   * Departments sitting in the given unit or any of its ancestors (a street sees its own offices and the
   * district's departments), optionally only those responsible for a category; street offices first.
   */
  async forUnit(unitPath: string, category: string | null): Promise<DepartmentRow[]> {
    const d = entityColumns(this.dataSource, DepartmentEntity);
    const ancestors = unitPath.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));
    const where = [sql`${d.column('unitPath')} = ANY(${ancestors})`];
    if (category) where.push(sql`${category} = ANY(${d.column('categories')})`);
    return queryRows(
      this.dataSource,
      sql`SELECT ${d.select(undefined, PROPS)} FROM ${d.table}
          WHERE ${sql.and(where)} ORDER BY length(${d.column('unitPath')}) DESC, ${d.column('code')}`,
    );
  }
}
