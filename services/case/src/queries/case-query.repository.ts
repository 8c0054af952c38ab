import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { CaseEntity } from '../intake/case.entity.js';
import type { CaseActor } from '../shared/case-actor.js';
import type { CaseReadFacts } from '../shared/case-messages.js';
import { caseScopeSql } from '../shared/case-scope.js';

export interface CaseFilter {
  state?: string;
  category?: string;
  channel?: string;
  unit?: string;
  overdue?: boolean;
  department?: string;
  idempotencyKey?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Listing cases in the caller's scope, newest first, keyset-paged on (created_at, id). */
@Injectable()
export class CaseQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The page, each case with its exact created_at (microseconds) for the next cursor. */
  async list(actor: CaseActor, filter: CaseFilter): Promise<{ record: CaseEntity; cursorAt: string }[]> {
    const cases = entityColumns(this.dataSource, CaseEntity);
    const where = [caseScopeSql(actor)];
    if (filter.state) where.push(sql`c.state = ${filter.state}`);
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
    if (filter.after) {
      where.push(
        sql`(c.created_at, c.id) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`,
      );
    }
    const rows = await queryRows<CaseEntity & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT ${cases.select('c')},
            to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
          FROM ${cases.table} c WHERE ${sql.and(where)}
          ORDER BY c.created_at DESC, c.id DESC LIMIT ${filter.limit}`,
    );
    return rows.map(({ cursorAt, ...record }) => ({ record, cursorAt }));
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
