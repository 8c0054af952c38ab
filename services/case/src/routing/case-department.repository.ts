import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseDepartmentEntity } from './case-department.entity.js';

export type DepartmentFacts = Pick<CaseDepartmentEntity, 'code' | 'unitCode' | 'categories'> &
  Partial<Pick<CaseDepartmentEntity, 'name' | 'kind' | 'level' | 'parentCode'>>;

/** The local projection of the registry's departments. */
@Injectable()
export class CaseDepartmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts or updates; the version moves only when something changed. */
  async upsert(rows: DepartmentFacts[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    for (const row of rows) {
      await manager.query(
        `INSERT INTO case_departments (code, name, kind, level, unit_code, parent_code, categories)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (code) DO UPDATE SET
           name = COALESCE(NULLIF(EXCLUDED.name, ''), case_departments.name),
           kind = COALESCE(NULLIF(EXCLUDED.kind, ''), case_departments.kind),
           level = COALESCE(NULLIF(EXCLUDED.level, ''), case_departments.level),
           unit_code = EXCLUDED.unit_code,
           parent_code = COALESCE(EXCLUDED.parent_code, case_departments.parent_code),
           categories = EXCLUDED.categories,
           version = case_departments.version + 1,
           updated_at = now()
         WHERE (case_departments.unit_code, case_departments.categories, case_departments.name,
                case_departments.kind, case_departments.level)
           IS DISTINCT FROM (EXCLUDED.unit_code, EXCLUDED.categories,
                COALESCE(NULLIF(EXCLUDED.name, ''), case_departments.name),
                COALESCE(NULLIF(EXCLUDED.kind, ''), case_departments.kind),
                COALESCE(NULLIF(EXCLUDED.level, ''), case_departments.level))`,
        [
          row.code,
          row.name ?? '',
          row.kind ?? '',
          row.level ?? '',
          row.unitCode,
          row.parentCode ?? null,
          row.categories,
        ],
      );
    }
  }

  /** Departments sitting in any of the units, responsible for the category; deepest unit first. */
  async forUnits(unitCodes: readonly string[], category: string): Promise<CaseDepartmentEntity[]> {
    const rows = await this.dataSource
      .getRepository(CaseDepartmentEntity)
      .createQueryBuilder('d')
      .where('d.unit_code = ANY(:units)', { units: [...unitCodes] })
      .andWhere(':category = ANY(d.categories)', { category })
      .getMany();
    return rows.sort((a, b) => b.unitCode.length - a.unitCode.length || a.code.localeCompare(b.code));
  }

  /**
   * Departments of a kind sitting in one unit. A department announced only by event has no kind yet: its
   * code (`<unit>-<kind>`, the registry's convention) stands in.
   */
  async forUnitKind(unitCode: string, kind: string): Promise<CaseDepartmentEntity[]> {
    const d = entityColumns(this.dataSource, CaseDepartmentEntity);
    return queryRows<CaseDepartmentEntity>(
      this.dataSource,
      sql`SELECT ${d.select()} FROM ${d.table}
          WHERE unit_code = ${unitCode} AND (kind = ${kind} OR (kind = '' AND code = ${`${unitCode}-${kind}`}))
          ORDER BY code`,
    );
  }

  /** Streets that cases were reported in (for the start-up backfill), at most a few hundred. */
  async knownStreets(): Promise<string[]> {
    const rows: { code: string }[] = await this.dataSource.query(
      `SELECT DISTINCT unit_path[4] AS code FROM cases WHERE cardinality(unit_path) >= 4 LIMIT 500`,
    );
    return rows.map((r) => r.code);
  }

  find(code: string): Promise<CaseDepartmentEntity | null> {
    return this.dataSource.getRepository(CaseDepartmentEntity).findOneBy({ code });
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(CaseDepartmentEntity).count();
  }

  async latestChange(): Promise<Date | null> {
    const [row] = await this.dataSource.query(`SELECT max(updated_at) AS at FROM case_departments`);
    return row?.at ?? null;
  }
}
