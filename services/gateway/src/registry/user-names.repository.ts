import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Display names of the gateway's users by id: who acted, as the case timeline shows it. Reads only. */
@Injectable()
export class UserNamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id::text AS id, display_name AS name FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
