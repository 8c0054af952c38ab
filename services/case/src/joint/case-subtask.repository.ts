import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseSubtaskEntity } from './case-subtask.entity.js';

@Injectable()
export class CaseSubtaskRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, rows: CaseSubtaskEntity[]): Promise<void> {
    if (rows.length > 0) await manager.getRepository(CaseSubtaskEntity).insert(rows);
  }

  ofCase(caseId: string, manager?: EntityManager): Promise<CaseSubtaskEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(CaseSubtaskEntity)
      .find({ where: { caseId }, order: { createdAt: 'ASC', departmentCode: 'ASC' } });
  }

  async complete(
    manager: EntityManager,
    id: string,
    values: Pick<CaseSubtaskEntity, 'result' | 'completedBy'>,
  ): Promise<void> {
    await manager
      .getRepository(CaseSubtaskEntity)
      .update({ id, state: 'open' }, { ...values, state: 'done', completedAt: new Date() });
  }
}
