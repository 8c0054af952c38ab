import { Injectable } from '@nestjs/common';
import { entityColumns, execute, sql, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { PiiAccessEntity } from './pii-access.entity.js';

export type PiiAccess = Pick<Row<PiiAccessEntity>, 'subject' | 'residentId' | 'fields' | 'purpose'>;

/** The only code that touches pii_access_log: one row per unmasked read, written before data leaves. */
@Injectable()
export class PiiAccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** All accesses in one statement: one array per column, unnested (fields travel comma-joined). */
  async record(
    accesses: readonly PiiAccess[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (accesses.length === 0) return;
    const log = entityColumns(manager, PiiAccessEntity);
    await execute(
      manager,
      sql`INSERT INTO ${log.table} (${log.names(['subject', 'residentId', 'fields', 'purpose'])})
          SELECT a.subject, a.resident_id, string_to_array(a.fields, ','), a.purpose
          FROM unnest(${accesses.map((a) => a.subject)}::text[], ${accesses.map((a) => a.residentId)}::uuid[],
                      ${accesses.map((a) => a.fields.join(','))}::text[], ${accesses.map((a) => a.purpose)}::text[])
            AS a(subject, resident_id, fields, purpose)`,
    );
  }
}
