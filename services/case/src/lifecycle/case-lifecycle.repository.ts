import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Db } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseEntity } from '../intake/case.entity.js';
import type { CaseActor } from '../shared/case-actor.js';
import { caseScopeSql } from '../shared/case-scope.js';
import { CaseTransitionEntity } from './case-transition.entity.js';

/** The lifecycle's reads and writes of cases and their timeline; scope is enforced in every read. */
@Injectable()
export class CaseLifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The case, locked for the transaction, when the actor may see it. */
  lockVisible(manager: EntityManager, actor: CaseActor, id: string): Promise<CaseEntity | null> {
    return this.visible(manager, actor, id, true);
  }

  findVisible(actor: CaseActor, id: string): Promise<CaseEntity | null> {
    return this.visible(this.dataSource, actor, id, false);
  }

  /** Writes the changed case under its old version: a concurrent writer that slipped past the lock fails. */
  async update(manager: EntityManager, record: CaseEntity, previousVersion: number): Promise<boolean> {
    const cases = entityColumns(manager, CaseEntity);
    const props = cases.props.filter((p) => p !== 'id' && p !== 'createdAt');
    const affected = await execute(
      manager,
      sql`UPDATE ${cases.table} SET ${cases.assign({ ...record, updatedAt: new Date() }, props)}
          WHERE id = ${record.id} AND version = ${previousVersion}`,
    );
    return affected === 1;
  }

  /** Flags the case overdue (the first time a deadline passed) while it is still open. */
  async markOverdue(manager: EntityManager, id: string, at: Date): Promise<void> {
    await execute(
      manager,
      sql`UPDATE cases SET overdue_at = COALESCE(overdue_at, ${at})
          WHERE id = ${id} AND state NOT IN ('resolved', 'rated', 'closed')`,
    );
  }

  async insertTransition(manager: EntityManager, row: CaseTransitionEntity): Promise<void> {
    const transitions = entityColumns(manager, CaseTransitionEntity);
    await execute(manager, transitions.insert([row], transitions.props));
  }

  timeline(caseId: string): Promise<CaseTransitionEntity[]> {
    const transitions = entityColumns(this.dataSource, CaseTransitionEntity);
    return queryRows<CaseTransitionEntity>(
      this.dataSource,
      sql`SELECT ${transitions.select()} FROM ${transitions.table} WHERE case_id = ${caseId} ORDER BY seq`,
    );
  }

  async mergedFrom(caseId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      sql`SELECT id FROM cases WHERE merged_into = ${caseId} ORDER BY created_at`,
    );
    return rows.map((r) => r.id);
  }

  private visible(db: Db, actor: CaseActor, id: string, lock: boolean): Promise<CaseEntity | null> {
    const cases = entityColumns(db, CaseEntity);
    return queryOne<CaseEntity>(
      db,
      sql`SELECT ${cases.select('c')} FROM ${cases.table} c
          WHERE c.id = ${id} AND ${caseScopeSql(actor)} ${lock ? sql`FOR UPDATE OF c` : sql.empty}`,
    );
  }
}
