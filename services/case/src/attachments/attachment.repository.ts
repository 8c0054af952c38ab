import { Injectable } from '@nestjs/common';
import { entityColumns, queryOne, queryRows, sql } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
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

  /** What a deletion event needs of the case. */
  async caseFacts(
    caseId: string,
  ): Promise<{ unitPath: string[]; unitCode: string; category: string } | null> {
    return queryOne(
      this.dataSource,
      sql`SELECT unit_path AS "unitPath", unit_code AS "unitCode", category FROM cases WHERE id = ${caseId}`,
    );
  }

  async insert(
    values: Omit<AttachmentEntity, 'createdAt' | 'deletedAt' | 'deletedBy' | 'deleteReason'>,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<AttachmentEntity> {
    const c = this.columns;
    const props = Object.keys(values) as (keyof typeof values)[];
    const row = await queryOne<AttachmentEntity>(
      manager,
      sql`${c.insert([values], props)} RETURNING ${c.select()}`,
    );
    return c.read([row!])[0];
  }

  async list(caseId: string): Promise<AttachmentEntity[]> {
    const c = this.columns;
    return c.read(
      await queryRows<AttachmentEntity>(
        this.dataSource,
        sql`SELECT ${c.select()} FROM ${c.table} WHERE case_id = ${caseId} AND deleted_at IS NULL
            ORDER BY created_at, id`,
      ),
    );
  }

  async find(caseId: string, id: string): Promise<AttachmentEntity | null> {
    const c = this.columns;
    const row = await queryOne<AttachmentEntity>(
      this.dataSource,
      sql`SELECT ${c.select()} FROM ${c.table}
          WHERE case_id = ${caseId} AND id = ${id} AND deleted_at IS NULL`,
    );
    return row && c.read([row])[0];
  }

  /** Marks it deleted once (a second delete finds nothing); answers the row as it now is. */
  async markDeleted(
    manager: EntityManager,
    caseId: string,
    id: string,
    by: string,
    reason: string,
  ): Promise<AttachmentEntity | null> {
    const c = this.columns;
    const row = await queryOne<AttachmentEntity>(
      manager,
      sql`UPDATE ${c.table} SET deleted_at = now(), deleted_by = ${by}, delete_reason = ${reason}
          WHERE case_id = ${caseId} AND id = ${id} AND deleted_at IS NULL RETURNING ${c.select()}`,
    );
    return row && c.read([row])[0];
  }
}
