import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Sql } from './sql.js';

/** Anything that can run a statement: the data source (autocommit) or a transaction's entity manager. */
export type Db = DataSource | EntityManager;

/**
 * Runs a statement on the manager's connection (its transaction, if any) and returns the driver's result
 * as rows plus the affected count, whatever the statement: TypeORM's plain `query` hands back
 * `[rows, count]` for UPDATE/DELETE … RETURNING and bare rows otherwise.
 */
export async function runSql(db: Db, statement: Sql): Promise<{ rows: unknown[]; affected: number }> {
  const manager: EntityManager = 'manager' in db ? db.manager : db;
  const owned = !manager.queryRunner;
  const runner: QueryRunner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(statement.text, [...statement.values], true);
    return { rows: result.records ?? [], affected: result.affected ?? result.records?.length ?? 0 };
  } finally {
    if (owned) await runner.release();
  }
}

/** The rows a statement returns, typed by the caller (derive `T` from the entity: see `entityColumns`). */
export async function queryRows<T>(db: Db, statement: Sql): Promise<T[]> {
  return (await runSql(db, statement)).rows as T[];
}

/** The first row, or null. */
export async function queryOne<T>(db: Db, statement: Sql): Promise<T | null> {
  return ((await runSql(db, statement)).rows[0] as T | undefined) ?? null;
}

/** Runs a statement for its effect; the number of rows it inserted, updated or deleted. */
export async function execute(db: Db, statement: Sql): Promise<number> {
  return (await runSql(db, statement)).affected;
}
