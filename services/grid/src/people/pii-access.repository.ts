import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface PiiAccess {
  subject: string;
  residentId: string;
  fields: string[];
  purpose: string;
}

/** The only code that touches pii_access_log: one row per unmasked read, written before data leaves. */
@Injectable()
export class PiiAccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    accesses: readonly PiiAccess[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (accesses.length === 0) return;
    await manager.query(
      `INSERT INTO pii_access_log (subject, resident_id, fields, purpose)
       SELECT a.subject, a.resident_id, string_to_array(a.fields, ','), a.purpose
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[]) AS a(subject, resident_id, fields, purpose)`,
      [
        accesses.map((a) => a.subject),
        accesses.map((a) => a.residentId),
        accesses.map((a) => a.fields.join(',')),
        accesses.map((a) => a.purpose),
      ],
    );
  }
}
