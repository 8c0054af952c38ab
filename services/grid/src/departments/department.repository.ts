import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DepartmentEntity } from './department.entity.js';

export type DepartmentRow = Pick<
  DepartmentEntity,
  'code' | 'name' | 'kind' | 'level' | 'unitCode' | 'parentCode' | 'unitPath' | 'categories'
>;

const COLUMNS = `code, name, kind, level, unit_code AS "unitCode", parent_code AS "parentCode",
  unit_path AS "unitPath", categories`;

@Injectable()
export class DepartmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates or updates; returns the rows that actually changed. */
  async upsert(
    manager: EntityManager,
    rows: DepartmentRow[],
  ): Promise<(DepartmentRow & { inserted: boolean })[]> {
    if (rows.length === 0) return [];
    return manager.query(
      `INSERT INTO departments (code, name, kind, level, unit_code, parent_code, unit_path, categories)
       SELECT d.code, d.name, d.kind, d.level, d.unit_code, d.parent_code, d.unit_path,
              ARRAY(SELECT jsonb_array_elements_text(d.categories))
       FROM jsonb_to_recordset($1::jsonb) AS d(code text, name text, kind text, level text, unit_code text,
            parent_code text, unit_path text, categories jsonb)
       ON CONFLICT (code) DO UPDATE
         SET name = EXCLUDED.name, kind = EXCLUDED.kind, level = EXCLUDED.level, unit_code = EXCLUDED.unit_code,
             parent_code = EXCLUDED.parent_code, unit_path = EXCLUDED.unit_path, categories = EXCLUDED.categories,
             updated_at = now()
         WHERE (departments.name, departments.kind, departments.parent_code, departments.categories)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.parent_code, EXCLUDED.categories)
       RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
      [
        JSON.stringify(
          rows.map((r) => ({
            code: r.code,
            name: r.name,
            kind: r.kind,
            level: r.level,
            unit_code: r.unitCode,
            parent_code: r.parentCode,
            unit_path: r.unitPath,
            categories: r.categories,
          })),
        ),
      ],
    );
  }

  /**
   * Departments sitting in the given unit or any of its ancestors (a street sees its own offices and the
   * district's departments), optionally only those responsible for a category; street offices first.
   */
  async forUnit(unitPath: string, category: string | null): Promise<DepartmentRow[]> {
    const ancestors = unitPath.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));
    const params: unknown[] = [ancestors];
    let where = 'unit_path = ANY($1)';
    if (category) {
      params.push(category);
      where += ` AND $2 = ANY(categories)`;
    }
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM departments WHERE ${where} ORDER BY length(unit_path) DESC, code`,
      params,
    );
  }
}
