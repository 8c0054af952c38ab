import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { UserEntity } from '../auth/user.entity.js';

/** Display names of the gateway's users by id, with each one's unit: who acted, as the timeline shows it. */
@Injectable()
export class UserNamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async displayNames(
    ids: readonly string[],
  ): Promise<Map<string, { name: string; unitCode: string | null }>> {
    if (ids.length === 0) return new Map();
    const u = entityColumns(this.dataSource, UserEntity);
    const rows = await queryRows<Pick<Row<UserEntity>, 'id' | 'displayName' | 'unitCode'>>(
      this.dataSource,
      sql`SELECT ${u.select(undefined, ['id', 'displayName', 'unitCode'])} FROM ${u.table}
          WHERE id = ANY(${[...ids]}::uuid[])`,
    );
    return new Map(rows.map((r) => [r.id, { name: r.displayName, unitCode: r.unitCode ?? null }]));
  }
}
