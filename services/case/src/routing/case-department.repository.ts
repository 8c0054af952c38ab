import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseEntity } from '../intake/case.entity.js';
import { CaseDepartmentEntity } from './case-department.entity.js';

export type CaseDepartment = Row<CaseDepartmentEntity>;
export type DepartmentFacts = Pick<CaseDepartment, 'code' | 'unitCode' | 'categories'> &
  Partial<Pick<CaseDepartment, 'name' | 'kind' | 'level' | 'parentCode'>>;

/** The local projection of the registry's departments. */
@Injectable()
export class CaseDepartmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get departments() {
    return entityColumns(this.dataSource, CaseDepartmentEntity);
  }

  /** Inserts or updates; the version moves only when something changed. */
  async upsert(rows: DepartmentFacts[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const d = this.departments;
    // A fact the event left out ('' or null) keeps what the projection knew.
    const kept = (column: string) =>
      sql.raw(`COALESCE(NULLIF(EXCLUDED.${column}, ''), case_departments.${column})`);
    for (const row of rows) {
      await execute(
        manager,
        sql`${d.insert(
          [
            {
              ...row,
              name: row.name ?? '',
              kind: row.kind ?? '',
              level: row.level ?? '',
              parentCode: row.parentCode ?? null,
            },
          ],
          ['code', 'name', 'kind', 'level', 'unitCode', 'parentCode', 'categories'],
        )}
        ON CONFLICT (${d.names(['code'])}) DO UPDATE SET
          name = ${kept('name')},
          kind = ${kept('kind')},
          level = ${kept('level')},
          unit_code = EXCLUDED.unit_code,
          parent_code = COALESCE(EXCLUDED.parent_code, case_departments.parent_code),
          categories = EXCLUDED.categories,
          version = case_departments.version + 1,
          updated_at = now()
        WHERE (case_departments.unit_code, case_departments.categories, case_departments.name,
               case_departments.kind, case_departments.level)
          IS DISTINCT FROM (EXCLUDED.unit_code, EXCLUDED.categories, ${kept('name')}, ${kept('kind')},
               ${kept('level')})`,
      );
    }
  }

  /** Departments sitting in any of the units, responsible for the category; deepest unit first. */
  async forUnits(unitCodes: readonly string[], category: string): Promise<CaseDepartment[]> {
    const d = this.departments;
    const rows = await queryRows<CaseDepartment>(
      this.dataSource,
      sql`SELECT ${d.select()} FROM ${d.table}
          WHERE unit_code = ANY(${[...unitCodes]}) AND ${category} = ANY(categories)`,
    );
    return rows.sort((a, b) => b.unitCode.length - a.unitCode.length || a.code.localeCompare(b.code));
  }

  /**
   * Departments of a kind sitting in one unit. A department announced only by event has no kind yet: its
   * code (`<unit>-<kind>`, the registry's convention) stands in.
   */
  async forUnitKind(unitCode: string, kind: string): Promise<CaseDepartment[]> {
    const d = this.departments;
    return queryRows<CaseDepartment>(
      this.dataSource,
      sql`SELECT ${d.select()} FROM ${d.table}
          WHERE unit_code = ${unitCode} AND (kind = ${kind} OR (kind = '' AND code = ${`${unitCode}-${kind}`}))
          ORDER BY code`,
    );
  }

  /** Streets that cases were reported in (for the start-up backfill), at most a few hundred. */
  async knownStreets(): Promise<string[]> {
    const cases = entityColumns(this.dataSource, CaseEntity);
    const rows = await queryRows<{ code: string }>(
      this.dataSource,
      sql`SELECT DISTINCT unit_path[4] AS code FROM ${cases.table} WHERE cardinality(unit_path) >= 4 LIMIT 500`,
    );
    return rows.map((r) => r.code);
  }

  find(code: string): Promise<CaseDepartment | null> {
    const d = this.departments;
    return queryOne<CaseDepartment>(
      this.dataSource,
      sql`SELECT ${d.select()} FROM ${d.table} WHERE code = ${code}`,
    );
  }

  async count(): Promise<number> {
    const row = await queryOne<{ n: number }>(
      this.dataSource,
      sql`SELECT count(*)::int AS n FROM ${this.departments.table}`,
    );
    return row!.n;
  }

  async latestChange(): Promise<Date | null> {
    const row = await queryOne<{ at: Date | null }>(
      this.dataSource,
      sql`SELECT max(updated_at) AS at FROM ${this.departments.table}`,
    );
    return row?.at ?? null;
  }
}
