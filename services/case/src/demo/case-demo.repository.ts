import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class CaseDemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Demo cases per state, for the summary. */
  async countByState(reportedBy: string): Promise<Record<string, number>> {
    const rows: { state: string; n: number }[] = await this.dataSource.query(
      `SELECT state, count(*)::int AS n FROM cases WHERE reported_by = $1 GROUP BY state ORDER BY state`,
      [reportedBy],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}
