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
import { CaseQueryRepository, type CaseFilter, type CaseSort } from './case-query.repository.js';

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

  async list(
    filter: Omit<CaseFilter, 'after' | 'limit' | 'sort' | 'alert' | 'idPrefix'> & {
      after?: string;
      limit?: number;
      sort?: string;
      alert?: string;
      idPrefix?: string;
      withTotal?: boolean;
    },
  ): Promise<{
    cases: CaseEntity[];
    facts: Map<string, CaseReadFacts>;
    nextDeadlines: Map<string, ClockRow>;
    nextCursor?: string;
    total?: number;
  }> {
    const actor = currentActor();
    const limit = Math.min(Math.max(filter.limit || 50, 1), 200);
    const { withTotal, ...rest } = filter;
    const sort = checkedSort(filter.sort);
    const { page, total } = await this.queries.list(
      actor,
      {
        ...rest,
        sort,
        alert: checkedAlert(filter.alert),
        idPrefix: filter.idPrefix ? idPrefixOf(filter.idPrefix) : undefined,
        q: filter.q?.trim() || undefined,
        after: decodeCursor(sort, filter.after),
        limit,
      },
      withTotal,
    );
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
      nextCursor:
        page.length === limit && last ? encodeCursor(sort, last.cursorAt, last.record.id) : undefined,
      total,
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

const SORTS: readonly CaseSort[] = ['newest', 'oldest', 'deadline'];
const ALERTS = ['warning', 'overdue_or_warning'] as const;

function checkedSort(sort: string | undefined): CaseSort {
  if (!sort) return 'newest';
  if ((SORTS as readonly string[]).includes(sort)) return sort as CaseSort;
  throw DomainError.invalid('case.invalid_sort', 'The sort is not valid', [
    { field: 'sort', message: `must be one of ${SORTS.join(', ')}` },
  ]);
}

function checkedAlert(alert: string | undefined): CaseFilter['alert'] {
  if (!alert) return undefined;
  if ((ALERTS as readonly string[]).includes(alert)) return alert as CaseFilter['alert'];
  throw DomainError.invalid('case.invalid_alert', 'The alert filter is not valid', [
    { field: 'alert', message: `must be one of ${ALERTS.join(', ')}` },
  ]);
}

/**
 * The id as people type it from the screen (the first 8 hex digits, maybe more, with or without dashes) as
 * a prefix of the id's canonical text, dashes where a UUID has them.
 */
export function idPrefixOf(typed: string): string {
  const hex = typed.trim().toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{4,32}$/.test(hex)) {
    throw DomainError.invalid('case.invalid_id_prefix', 'The short id is not valid', [
      { field: 'idPrefix', message: 'must be 4 to 32 hexadecimal digits of a case id' },
    ]);
  }
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
    .filter(Boolean)
    .join('-');
}

// Each sort has its own listing name, so a cursor from one order is refused by another.
function encodeCursor(sort: CaseSort, key: string, id: string): string {
  return encodeKeyset(sort === 'newest' ? 'cases' : `cases:${sort}`, [key, id]);
}

function decodeCursor(sort: CaseSort, cursor: string | undefined): CaseFilter['after'] {
  if (!cursor) return undefined;
  const key = decodeKeyset(
    sort === 'newest' ? 'cases' : `cases:${sort}`,
    cursor,
    2,
    ([at, id]) => isUuid(id) && (!Number.isNaN(Date.parse(at)) || (sort === 'deadline' && at === 'infinity')),
  );
  if (!key) {
    throw DomainError.invalid('case.invalid_cursor', 'The cursor is not valid', [
      { field: 'after', message: 'must be a next_cursor from an earlier page' },
    ]);
  }
  return [key[0], key[1]];
}
