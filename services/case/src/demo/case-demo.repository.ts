import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { CaseEntity } from '../intake/case.entity.js';

@Injectable()
export class CaseDemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Demo cases per state, for the summary. */
  async countByState(reportedBy: string): Promise<Record<string, number>> {
    const c = entityColumns(this.dataSource, CaseEntity);
    const rows = await queryRows<{ state: string; n: number }>(
      this.dataSource,
      sql`SELECT state, count(*)::int AS n FROM ${c.table} WHERE reported_by = ${reportedBy}
          GROUP BY state ORDER BY state`,
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}
