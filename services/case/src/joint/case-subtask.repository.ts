import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryRows, sql } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseSubtaskEntity } from './case-subtask.entity.js';

/** The only code that touches case_subtasks (joint handling's co-handling departments). */
@Injectable()
export class CaseSubtaskRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, rows: CaseSubtaskEntity[]): Promise<void> {
    if (rows.length === 0) return;
    const subtasks = entityColumns(manager, CaseSubtaskEntity);
    await execute(manager, subtasks.insert(rows, subtasks.props));
  }

  ofCase(caseId: string, manager?: EntityManager): Promise<CaseSubtaskEntity[]> {
    const db = manager ?? this.dataSource;
    const subtasks = entityColumns(db, CaseSubtaskEntity);
    return queryRows<CaseSubtaskEntity>(
      db,
      sql`SELECT ${subtasks.select()} FROM ${subtasks.table} WHERE case_id = ${caseId}
          ORDER BY created_at, department_code`,
    );
  }

  async complete(
    manager: EntityManager,
    id: string,
    values: Pick<CaseSubtaskEntity, 'result' | 'completedBy'>,
  ): Promise<void> {
    const subtasks = entityColumns(manager, CaseSubtaskEntity);
    const done = { ...values, state: 'done', completedAt: new Date() } as CaseSubtaskEntity;
    await execute(
      manager,
      sql`UPDATE ${subtasks.table} SET ${subtasks.assign(done, ['result', 'completedBy', 'state', 'completedAt'])}
          WHERE id = ${id} AND state = 'open'`,
    );
  }
}
