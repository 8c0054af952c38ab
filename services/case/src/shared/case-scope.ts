import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { CaseActor } from './case-actor.js';

/**
 * Restricts a query on cases (alias `c`) to what the actor may see: its unit subtree (the unit code is in
 * the case's unit path, a GIN-indexed array), and for department users only cases their department leads
 * or co-handles. Services and city-wide admins see everything. Every repository read goes through this.
 */
export function applyCaseScope<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  actor: CaseActor,
  alias = 'c',
): SelectQueryBuilder<T> {
  if (actor.service) return query;
  if (actor.unitCode !== null) {
    query.andWhere(`${alias}.unit_path @> ARRAY[:scopeUnit]::text[]`, { scopeUnit: actor.unitCode });
  }
  if (actor.departmentCode !== null) {
    query.andWhere(
      `(${alias}.department_code = :scopeDepartment OR EXISTS (SELECT 1 FROM case_subtasks s WHERE s.case_id = ${alias}.id AND s.department_code = :scopeDepartment))`,
      { scopeDepartment: actor.departmentCode },
    );
  }
  return query;
}
