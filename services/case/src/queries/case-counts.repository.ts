import { Injectable } from '@nestjs/common';
import { queryRows, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import type { CaseActor } from '../shared/case-actor.js';
import { caseScopeSql } from '../shared/case-scope.js';

export interface CaseLoad {
  unit: string;
  intake: number;
  open: number;
  overdue: number;
}

export interface ClockRow {
  caseId: string;
  kind: string;
  state: string;
  dueAt: Date;
  warnAt: Date | null;
  stoppedAt: Date | null;
}

/** Cases still in hand: everything not closed and not merged away. */
const OPEN = sql`c.state <> 'closed' AND c.merged_into IS NULL`;

/**
 * Counting cases for dashboards (one SQL pass per grouping, within the caller's scope) and reading the
 * deadline clocks shown beside cases. Reads only: the deadlines module keeps the clocks.
 */
@Injectable()
export class CaseCountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Intake since `since`, open and overdue cases under `unit`: the total, per unit one level below it
   * (the path element after `unit`), and per grid (the path element holding a '-').
   */
  async loads(
    actor: CaseActor,
    unit: string,
    since: Date,
  ): Promise<{ total: CaseLoad; children: CaseLoad[]; grids: CaseLoad[] }> {
    const sums = sql`count(*) FILTER (WHERE c.created_at >= ${since.toISOString()}::timestamptz)::int AS intake,
      count(*) FILTER (WHERE ${OPEN})::int AS open,
      count(*) FILTER (WHERE ${OPEN} AND c.overdue_at IS NOT NULL)::int AS overdue`;
    const where = sql.and([caseScopeSql(actor), sql`c.unit_path @> ARRAY[${unit}]::text[]`]);
    const rows = await queryRows<CaseLoad & { grouping: string }>(
      this.dataSource,
      sql`SELECT 'total' AS grouping, ${unit}::text AS unit, ${sums} FROM cases c WHERE ${where}
          UNION ALL
          SELECT 'child', g.unit, ${sums} FROM cases c,
            LATERAL (SELECT c.unit_path[array_position(c.unit_path, ${unit}::text) + 1] AS unit) g
          WHERE ${where} AND g.unit IS NOT NULL GROUP BY g.unit
          UNION ALL
          SELECT 'grid', g.unit, ${sums} FROM cases c,
            LATERAL (SELECT p AS unit FROM unnest(c.unit_path) p WHERE strpos(p, '-') > 0 LIMIT 1) g
          WHERE ${where} GROUP BY g.unit`,
    );
    const of = (grouping: string) =>
      rows
        .filter((r) => r.grouping === grouping)
        .map(({ unit: code, intake, open, overdue }) => ({ unit: code, intake, open, overdue }))
        .sort((a, b) => a.unit.localeCompare(b.unit));
    return {
      total: of('total')[0] ?? { unit, intake: 0, open: 0, overdue: 0 },
      children: of('child'),
      grids: of('grid'),
    };
  }

  /** Deadline clocks of the cases, earliest due first; only running ones when asked. */
  async clocks(caseIds: string[], runningOnly: boolean): Promise<ClockRow[]> {
    if (caseIds.length === 0) return [];
    return queryRows<ClockRow>(
      this.dataSource,
      sql`SELECT case_id AS "caseId", kind, state, due_at AS "dueAt", warn_at AS "warnAt",
            stopped_at AS "stoppedAt"
          FROM deadline_clocks WHERE case_id = ANY(${caseIds}::uuid[])
            ${runningOnly ? sql`AND state = 'running'` : sql.empty}
          ORDER BY due_at, kind`,
    );
  }
}
