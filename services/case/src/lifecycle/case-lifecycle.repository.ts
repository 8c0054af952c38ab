import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseEntity } from '../intake/case.entity.js';
import type { CaseActor } from '../shared/case-actor.js';
import { applyCaseScope } from '../shared/case-scope.js';
import { CaseTransitionEntity } from './case-transition.entity.js';

/** The lifecycle's reads and writes of cases and their timeline; scope is enforced in every read. */
@Injectable()
export class CaseLifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The case, locked for the transaction, when the actor may see it. */
  lockVisible(manager: EntityManager, actor: CaseActor, id: string): Promise<CaseEntity | null> {
    const query = manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .setLock('pessimistic_write', undefined, ['c']);
    return applyCaseScope(query, actor).getOne();
  }

  findVisible(actor: CaseActor, id: string): Promise<CaseEntity | null> {
    const query = this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.id = :id', { id });
    return applyCaseScope(query, actor).getOne();
  }

  /** Writes the changed case under its old version: a concurrent writer that slipped past the lock fails. */
  async update(manager: EntityManager, record: CaseEntity, previousVersion: number): Promise<boolean> {
    const { id, createdAt: _created, ...changes } = record;
    const result = await manager
      .createQueryBuilder()
      .update(CaseEntity)
      .set({ ...changes, updatedAt: new Date() })
      .where('id = :id AND version = :previousVersion', { id, previousVersion })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Flags the case overdue (the first time a deadline passed) while it is still open. */
  async markOverdue(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE cases SET overdue_at = COALESCE(overdue_at, $2)
        WHERE id = $1 AND state NOT IN ('resolved', 'rated', 'closed')`,
      [id, at],
    );
  }

  async insertTransition(manager: EntityManager, row: CaseTransitionEntity): Promise<void> {
    await manager.getRepository(CaseTransitionEntity).insert(row);
  }

  timeline(caseId: string): Promise<CaseTransitionEntity[]> {
    return this.dataSource
      .getRepository(CaseTransitionEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  async mergedFrom(caseId: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(CaseEntity)
      .find({ select: { id: true }, where: { mergedInto: caseId }, order: { createdAt: 'ASC' } });
    return rows.map((r) => r.id);
  }
}
