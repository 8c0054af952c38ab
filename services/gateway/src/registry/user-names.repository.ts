import { Injectable } from '@nestjs/common';
import { queryRows, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';

/** Display names of the gateway's users by id, with each one's unit: who acted, as the timeline shows it. */
@Injectable()
export class UserNamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async displayNames(
    ids: readonly string[],
  ): Promise<Map<string, { name: string; unitCode: string | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{ id: string; name: string; unitCode: string | null }>(
      this.dataSource,
      sql`SELECT id::text AS id, display_name AS name, unit_code AS "unitCode"
          FROM users WHERE id = ANY(${[...ids]}::uuid[])`,
    );
    return new Map(rows.map((r) => [r.id, { name: r.name, unitCode: r.unitCode }]));
  }
}
