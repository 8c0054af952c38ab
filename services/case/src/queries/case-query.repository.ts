import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql, type Sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { CaseEntity } from '../intake/case.entity.js';
import type { CaseActor } from '../shared/case-actor.js';
import type { CaseReadFacts } from '../shared/case-messages.js';
import { caseScopeSql } from '../shared/case-scope.js';

export type CaseSort = 'newest' | 'oldest' | 'deadline';

export interface CaseFilter {
  /** One state, or several separated by commas. */
  state?: string;
  category?: string;
  channel?: string;
  unit?: string;
  overdue?: boolean;
  department?: string;
  idempotencyKey?: string;
  q?: string;
  idPrefix?: string;
  open?: boolean;
  alert?: 'warning' | 'overdue_or_warning';
  supervised?: boolean;
  sort?: CaseSort;
  /** The sort key of the last row of the previous page: [created_at or next due, id]. */
  after?: [string, string];
  limit: number;
}

/** The earliest due time of a case's running clocks; 'infinity' when none runs, so those sort last. */
const NEXT_DUE = sql`COALESCE((SELECT min(d.due_at) FROM deadline_clocks d
  WHERE d.case_id = c.id AND d.state = 'running'), 'infinity'::timestamptz)`;
const IN_WARNING = sql`(c.overdue_at IS NULL AND EXISTS (SELECT 1 FROM deadline_clocks w
  WHERE w.case_id = c.id AND w.state = 'running' AND w.warn_at <= now() AND w.due_at > now()))`;
const micros = (at: Sql) => sql`to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** LIKE pattern characters taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Listing cases in the caller's scope, keyset-paged: newest or oldest first on (created_at, id), or by the
 * earliest running clock (time left) on (next due, id) so a worklist pages through every matching case.
 * A case whose clock starts or stops between two pages moves in that order, and may be skipped or seen twice
 * by that walk, as with any keyset over a changing key; the total is always counted afresh.
 */
@Injectable()
export class CaseQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The page, each case with its sort key (microseconds) for the next cursor, and the total if asked. */
  async list(
    actor: CaseActor,
    filter: CaseFilter,
    withTotal = false,
  ): Promise<{ page: { record: CaseEntity; cursorAt: string }[]; total?: number }> {
    const cases = entityColumns(this.dataSource, CaseEntity);
    const where = this.conditions(actor, filter);
    const sort = filter.sort ?? 'newest';
    const key = sort === 'deadline' ? NEXT_DUE : sql`c.created_at`;
    const keyed = [...where];
    if (filter.after) {
      const [at, id] = filter.after;
      keyed.push(
        sort === 'newest'
          ? sql`(${key}, c.id) < (${at}::timestamptz, ${id}::uuid)`
          : sql`(${key}, c.id) > (${at}::timestamptz, ${id}::uuid)`,
      );
    }
    const order = sort === 'newest' ? sql`${key} DESC, c.id DESC` : sql`${key}, c.id`;
    const [rows, total] = await Promise.all([
      queryRows<CaseEntity & { cursorAt: string | null }>(
        this.dataSource,
        sql`SELECT ${cases.select('c')}, ${micros(key)} AS "cursorAt"
            FROM ${cases.table} c WHERE ${sql.and(keyed)}
            ORDER BY ${order} LIMIT ${filter.limit}`,
      ),
      withTotal
        ? queryRows<{ total: number }>(
            this.dataSource,
            sql`SELECT count(*)::int AS total FROM ${cases.table} c WHERE ${sql.and(where)}`,
          )
        : Promise.resolve(undefined),
    ]);
    return {
      // to_char of 'infinity' is NULL: the key of a case with no running clock.
      page: rows.map(({ cursorAt, ...record }) => ({ record, cursorAt: cursorAt ?? 'infinity' })),
      total: total?.[0]?.total,
    };
  }

  private conditions(actor: CaseActor, filter: CaseFilter) {
    const where = [caseScopeSql(actor)];
    if (filter.state) {
      const states = filter.state.split(',').map((s) => s.trim());
      where.push(sql`c.state = ANY(${states}::text[])`);
    }
    if (filter.category) where.push(sql`c.category = ${filter.category}`);
    if (filter.channel) where.push(sql`c.channel = ${filter.channel}`);
    if (filter.unit) where.push(sql`c.unit_path @> ARRAY[${filter.unit}]::text[]`);
    if (filter.department) {
      where.push(
        sql`(c.department_code = ${filter.department} OR EXISTS (SELECT 1 FROM case_subtasks t
              WHERE t.case_id = c.id AND t.department_code = ${filter.department}))`,
      );
    }
    if (filter.idempotencyKey) where.push(sql`c.idempotency_key = ${filter.idempotencyKey}`);
    if (filter.overdue === true) where.push(sql`c.overdue_at IS NOT NULL`);
    if (filter.overdue === false) where.push(sql`c.overdue_at IS NULL`);
    if (filter.q) where.push(sql`c.title ILIKE ${`%${likeLiteral(filter.q)}%`}`);
    if (filter.idPrefix) where.push(sql`c.id::text LIKE ${`${filter.idPrefix}%`}`);
    if (filter.open) where.push(sql`c.state <> 'closed' AND c.merged_into IS NULL`);
    if (filter.alert === 'warning') where.push(IN_WARNING);
    if (filter.alert === 'overdue_or_warning') where.push(sql`(c.overdue_at IS NOT NULL OR ${IN_WARNING})`);
    if (filter.supervised) {
      where.push(sql`EXISTS (SELECT 1 FROM case_transitions s
        WHERE s.case_id = c.id AND s.action = 'supervise')`);
    }
    return where;
  }

  /**
   * Per case: the completion clock's due time (the case-clock tables of this service) and the first image
   * its reporter attached, the one attachment public readers may see. Cases without either are left out.
   */
  async readFacts(ids: readonly string[]): Promise<Map<string, CaseReadFacts>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{ id: string; dueAt: Date | null; attachmentId: string | null }>(
      this.dataSource,
      sql`SELECT c.id,
            (SELECT d.due_at FROM deadline_clocks d WHERE d.case_id = c.id AND d.kind = 'completion') AS "dueAt",
            (SELECT a.id FROM case_attachments a
              WHERE a.case_id = c.id AND a.uploaded_by = c.reported_by AND a.type LIKE 'image/%'
              ORDER BY a.created_at, a.id LIMIT 1) AS "attachmentId"
          FROM cases c WHERE c.id = ANY(${[...ids]}::uuid[])`,
    );
    return new Map(rows.map((r) => [r.id, { completionDueAt: r.dueAt, publicAttachmentId: r.attachmentId }]));
  }
}
