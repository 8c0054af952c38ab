import { sql, unitPathWithinSql, type Sql } from '@yiwang/platform';
import type { CaseActor } from './case-actor.js';

/**
 * The condition restricting cases (alias `c`) to what the actor may see: its unit subtree (the platform's
 * rule on the case's GIN-indexed unit path), and for department users only cases their department leads
 * or co-handles. Services and city-wide admins see everything. Every repository read goes through this.
 */
export function caseScopeSql(actor: CaseActor, alias = 'c'): Sql {
  if (actor.service) return sql`TRUE`;
  const c = (column: string) => sql.raw(`${alias}.${column}`);
  const conditions = [unitPathWithinSql(c('unit_path'), actor.scopePath)];
  if (actor.departmentCode !== null) {
    conditions.push(
      sql`(${c('department_code')} = ${actor.departmentCode} OR EXISTS (SELECT 1 FROM case_subtasks s
            WHERE s.case_id = ${c('id')} AND s.department_code = ${actor.departmentCode}))`,
    );
  }
  return sql.and(conditions);
}
