import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseEntity } from '../intake/case.entity.js';
import type { CaseActor } from '../shared/case-actor.js';
import { applyCaseScope } from '../shared/case-scope.js';

export interface CaseFilter {
  state?: string;
  category?: string;
  channel?: string;
  unit?: string;
  overdue?: boolean;
  department?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Listing cases in the caller's scope, newest first, keyset-paged on (created_at, id). */
@Injectable()
export class CaseQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The page, each case with its exact created_at (microseconds) for the next cursor. */
  async list(actor: CaseActor, filter: CaseFilter): Promise<{ record: CaseEntity; cursorAt: string }[]> {
    const query = this.dataSource.getRepository(CaseEntity).createQueryBuilder('c');
    applyCaseScope(query, actor);
    if (filter.state) query.andWhere('c.state = :state', { state: filter.state });
    if (filter.category) query.andWhere('c.category = :category', { category: filter.category });
    if (filter.channel) query.andWhere('c.channel = :channel', { channel: filter.channel });
    if (filter.unit) query.andWhere('c.unit_path @> ARRAY[:unit]::text[]', { unit: filter.unit });
    if (filter.department) {
      query.andWhere(
        '(c.department_code = :department OR EXISTS (SELECT 1 FROM case_subtasks t WHERE t.case_id = c.id AND t.department_code = :department))',
        { department: filter.department },
      );
    }
    if (filter.overdue === true) query.andWhere('c.overdue_at IS NOT NULL');
    if (filter.overdue === false) query.andWhere('c.overdue_at IS NULL');
    if (filter.after) {
      query.andWhere('(c.created_at, c.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: filter.after.createdAt,
        afterId: filter.after.id,
      });
    }
    const { entities, raw } = await query
      .addSelect(`to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(filter.limit)
      .getRawAndEntities();
    return entities.map((record, i) => ({ record, cursorAt: String(raw[i].cursor_at) }));
  }
}
