import { Injectable } from '@nestjs/common';
import { entityColumns, queryOne, queryRows, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { AttachmentEntity } from './attachment.entity.js';

/** The only code that touches case_attachments (and reads the case row it hangs on). */
@Injectable()
export class AttachmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get columns() {
    return entityColumns(this.dataSource, AttachmentEntity);
  }

  /** The case's unit path, or null when there is no such case. */
  async caseUnitPath(caseId: string): Promise<string[] | null> {
    const row = await queryOne<{ unitPath: string[] }>(
      this.dataSource,
      sql`SELECT unit_path AS "unitPath" FROM cases WHERE id = ${caseId}`,
    );
    return row?.unitPath ?? null;
  }

  async insert(values: Omit<AttachmentEntity, 'createdAt'>): Promise<AttachmentEntity> {
    const c = this.columns;
    const props = c.props.filter((p): p is keyof typeof values => p !== 'createdAt');
    const row = await queryOne<AttachmentEntity>(
      this.dataSource,
      sql`${c.insert([values], props)} RETURNING ${c.select()}`,
    );
    return c.read([row!])[0];
  }

  async list(caseId: string): Promise<AttachmentEntity[]> {
    const c = this.columns;
    return c.read(
      await queryRows<AttachmentEntity>(
        this.dataSource,
        sql`SELECT ${c.select()} FROM ${c.table} WHERE case_id = ${caseId} ORDER BY created_at, id`,
      ),
    );
  }

  async find(caseId: string, id: string): Promise<AttachmentEntity | null> {
    const c = this.columns;
    const row = await queryOne<AttachmentEntity>(
      this.dataSource,
      sql`SELECT ${c.select()} FROM ${c.table} WHERE case_id = ${caseId} AND id = ${id}`,
    );
    return row && c.read([row])[0];
  }
}
