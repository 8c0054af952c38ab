import { Injectable } from '@nestjs/common';
import { unitPathOf } from '@yiwang/contracts';
import { DomainError, decodeKeyset, encodeKeyset, isUuid } from '@yiwang/platform';
import type { CaseEntity } from '../intake/case.entity.js';
import type { CaseSubtaskEntity } from '../joint/case-subtask.entity.js';
import { CaseSubtaskRepository } from '../joint/case-subtask.repository.js';
import { CaseLifecycleRepository } from '../lifecycle/case-lifecycle.repository.js';
import type { CaseTransitionEntity } from '../lifecycle/case-transition.entity.js';
import { coversPath, currentActor } from '../shared/case-actor.js';
import type { CaseReadFacts } from '../shared/case-messages.js';
import { CaseCountsRepository, type CaseLoad, type ClockRow } from './case-counts.repository.js';
import { CaseQueryRepository, type CaseFilter } from './case-query.repository.js';

export interface CaseDetail {
  record: CaseEntity;
  timeline: CaseTransitionEntity[];
  subtasks: CaseSubtaskEntity[];
  mergedFrom: string[];
  facts: CaseReadFacts | undefined;
  clocks: ClockRow[];
}

/** A unit's case load: today's intake, open and overdue cases; per child unit and per grid too. */
export interface CaseLoads {
  total: CaseLoad;
  children: CaseLoad[];
  grids: CaseLoad[];
}

/** Reads: one case with its timeline and sub-tasks, and filtered pages; always in the caller's scope. */
@Injectable()
export class CaseQueryService {
  constructor(
    private readonly cases: CaseLifecycleRepository,
    private readonly queries: CaseQueryRepository,
    private readonly subtasks: CaseSubtaskRepository,
    private readonly counts: CaseCountsRepository,
  ) {}

  async get(id: string): Promise<CaseDetail> {
    const actor = currentActor();
    const record = isUuid(id) ? await this.cases.findVisible(actor, id) : null;
    if (!record) throw DomainError.notFound('case.not_found', `Case ${id} does not exist`);
    const [timeline, subtasks, mergedFrom, facts, clocks] = await Promise.all([
      this.cases.timeline(id),
      this.subtasks.ofCase(id),
      this.cases.mergedFrom(id),
      this.queries.readFacts([id]),
      this.counts.clocks([id], false),
    ]);
    return { record, timeline, subtasks, mergedFrom, facts: facts.get(id), clocks };
  }

  async list(filter: Omit<CaseFilter, 'after' | 'limit'> & { after?: string; limit?: number }): Promise<{
    cases: CaseEntity[];
    facts: Map<string, CaseReadFacts>;
    nextDeadlines: Map<string, ClockRow>;
    nextCursor?: string;
  }> {
    const actor = currentActor();
    const limit = Math.min(Math.max(filter.limit || 50, 1), 200);
    const page = await this.queries.list(actor, { ...filter, after: decodeCursor(filter.after), limit });
    const last = page.at(-1);
    // The earliest running clock of each case: what a worklist sorts by (time left).
    const nextDeadlines = new Map<string, ClockRow>();
    for (const clock of await this.counts.clocks(
      page.map((p) => p.record.id),
      true,
    ))
      if (!nextDeadlines.has(clock.caseId)) nextDeadlines.set(clock.caseId, clock);
    return {
      cases: page.map((p) => p.record),
      facts: await this.queries.readFacts(page.map((p) => p.record.id)),
      nextDeadlines,
      nextCursor: page.length === limit && last ? encodeCursor(last.cursorAt, last.record.id) : undefined,
    };
  }

  /** Counts for dashboards, in the caller's scope; `since` is the start of the local day for intake. */
  async loads(unit: string, since: string): Promise<CaseLoads> {
    const problems: { field: string; message: string }[] = [];
    if (!/^[0-9]{2,12}(-[A-Za-z0-9_]{1,20}){0,3}$/.test(unit ?? ''))
      problems.push({ field: 'unit', message: 'must be a unit or grid code' });
    const at = new Date(since ?? '');
    if (!since || Number.isNaN(at.getTime()))
      problems.push({ field: 'since', message: 'must be an ISO instant' });
    if (problems.length)
      throw DomainError.invalid('case.invalid_counts', 'The counts query is not valid', problems);
    const actor = currentActor();
    // Outside the caller's subtree is refused, not answered with zeros that look like facts.
    if (!coversPath(actor, unitPathOf(unit)))
      throw new DomainError('forbidden', 'case.out_of_scope', `Unit ${unit} is outside your scope`);
    return this.counts.loads(actor, unit, at);
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
