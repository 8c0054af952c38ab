import type { ObjectLiteral } from 'typeorm';
import { pathWithinSql, type ScopePath } from '../access/data-scope.js';
import type { EntityColumns, Row } from './entity-columns.js';
import type { Db } from './sql-runner.js';
import { queryOne } from './sql-runner.js';
import { sql } from './sql.js';

export interface ScopedFind<E> {
  /** The key to look up (the `id` column unless `key` names another). */
  id: unknown;
  scope: ScopePath;
  /** The C-collated materialized path column the scope applies to. */
  path: keyof E & string;
  key?: keyof E & string;
  /** `FOR UPDATE`: the row stays locked until the manager's transaction ends. */
  lock?: boolean;
}

/**
 * One row by key, only when it lies in the caller's subtree; optionally locked for the transaction.
 * Out-of-scope and missing rows are both null, so callers answer 404 without disclosing existence.
 */
export async function findInScope<E extends ObjectLiteral>(
  db: Db,
  columns: EntityColumns<E>,
  find: ScopedFind<E>,
): Promise<Row<E> | null> {
  const row = await queryOne<Row<E>>(
    db,
    sql`SELECT ${columns.select()} FROM ${columns.table}
        WHERE ${columns.column(find.key ?? 'id')} = ${find.id}
          AND ${pathWithinSql(columns.column(find.path), find.scope)}
        ${find.lock ? sql`FOR UPDATE` : sql.empty}`,
  );
  return row && columns.read([row])[0];
}
