import { Injectable } from '@nestjs/common';
import { DomainError, decodeKeyset, encodeKeyset, isUuid } from '@yiwang/platform';
import type { CaseEntity } from '../intake/case.entity.js';
import type { CaseSubtaskEntity } from '../joint/case-subtask.entity.js';
import { CaseSubtaskRepository } from '../joint/case-subtask.repository.js';
import { CaseLifecycleRepository } from '../lifecycle/case-lifecycle.repository.js';
import type { CaseTransitionEntity } from '../lifecycle/case-transition.entity.js';
import { currentActor } from '../shared/case-actor.js';
import type { CaseReadFacts } from '../shared/case-messages.js';
import { CaseQueryRepository, type CaseFilter } from './case-query.repository.js';

export interface CaseDetail {
  record: CaseEntity;
  timeline: CaseTransitionEntity[];
  subtasks: CaseSubtaskEntity[];
  mergedFrom: string[];
  facts: CaseReadFacts | undefined;
}

/** Reads: one case with its timeline and sub-tasks, and filtered pages; always in the caller's scope. */
@Injectable()
export class CaseQueryService {
  constructor(
    private readonly cases: CaseLifecycleRepository,
    private readonly queries: CaseQueryRepository,
    private readonly subtasks: CaseSubtaskRepository,
  ) {}

  async get(id: string): Promise<CaseDetail> {
    const actor = currentActor();
    const record = isUuid(id) ? await this.cases.findVisible(actor, id) : null;
    if (!record) throw DomainError.notFound('case.not_found', `Case ${id} does not exist`);
    const [timeline, subtasks, mergedFrom, facts] = await Promise.all([
      this.cases.timeline(id),
      this.subtasks.ofCase(id),
      this.cases.mergedFrom(id),
      this.queries.readFacts([id]),
    ]);
    return { record, timeline, subtasks, mergedFrom, facts: facts.get(id) };
  }

  async list(
    filter: Omit<CaseFilter, 'after' | 'limit'> & { after?: string; limit?: number },
  ): Promise<{ cases: CaseEntity[]; facts: Map<string, CaseReadFacts>; nextCursor?: string }> {
    const actor = currentActor();
    const limit = Math.min(Math.max(filter.limit || 50, 1), 200);
    const page = await this.queries.list(actor, { ...filter, after: decodeCursor(filter.after), limit });
    const last = page.at(-1);
    return {
      cases: page.map((p) => p.record),
      facts: await this.queries.readFacts(page.map((p) => p.record.id)),
      nextCursor: page.length === limit && last ? encodeCursor(last.cursorAt, last.record.id) : undefined,
    };
  }
}

function encodeCursor(createdAt: string, id: string): string {
  return encodeKeyset('cases', [createdAt, id]);
}

function decodeCursor(cursor: string | undefined): CaseFilter['after'] {
  if (!cursor) return undefined;
  const key = decodeKeyset('cases', cursor, 2, ([at, id]) => isUuid(id) && !Number.isNaN(Date.parse(at)));
  if (!key) {
    throw DomainError.invalid('case.invalid_cursor', 'The cursor is not valid', [
      { field: 'after', message: 'must be a next_cursor from an earlier page' },
    ]);
  }
  return { createdAt: key[0], id: key[1] };
}
