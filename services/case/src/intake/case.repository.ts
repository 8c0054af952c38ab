import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseEntity } from './case.entity.js';

type NewCaseField =
  | 'id'
  | 'title'
  | 'description'
  | 'category'
  | 'channel'
  | 'state'
  | 'unitCode'
  | 'unitPath'
  | 'lat'
  | 'lng'
  | 'reportedBy'
  | 'idempotencyKey';

/** Intake's writes and lookups of the cases table (the lifecycle and queries have their own). */
@Injectable()
export class CaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts unless the reporter already used the idempotency key; returns null in that case. */
  async insert(
    manager: EntityManager,
    values: Pick<CaseEntity, NewCaseField> & Partial<CaseEntity>,
  ): Promise<CaseEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(CaseEntity)
      .values(values)
      .orIgnore()
      .returning('*')
      .execute();
    const row = result.raw[0];
    return row ? manager.create(CaseEntity, this.fromRow(row)) : null;
  }

  findById(id: string): Promise<CaseEntity | null> {
    return this.dataSource.getRepository(CaseEntity).findOneBy({ id });
  }

  findByIdempotencyKey(reportedBy: string, key: string): Promise<CaseEntity | null> {
    return this.dataSource.getRepository(CaseEntity).findOneBy({ reportedBy, idempotencyKey: key });
  }

  private fromRow(row: Record<string, unknown>): Partial<CaseEntity> {
    return {
      id: row.id as string,
      title: row.title as string,
      description: row.description as string,
      category: row.category as string,
      channel: row.channel as string,
      state: row.state as string,
      unitCode: row.unit_code as string,
      unitPath: row.unit_path as string[],
      lat: row.lat as number | null,
      lng: row.lng as number | null,
      reportedBy: row.reported_by as string,
      idempotencyKey: row.idempotency_key as string | null,
      createdAt: row.created_at as Date,
      priority: row.priority as CaseEntity['priority'],
      version: row.version as number,
      seq: row.seq as number,
      tier: row.tier as CaseEntity['tier'],
      departmentCode: row.department_code as string | null,
      routingVersion: row.routing_version as string | null,
      pendingRequest: row.pending_request as CaseEntity['pendingRequest'],
      returnCount: row.return_count as number,
      reopenCount: row.reopen_count as number,
      returnedBy: row.returned_by as string | null,
      suspendedFrom: row.suspended_from as string | null,
      result: row.result as string | null,
      evidenceIds: row.evidence_ids as string[],
      rating: row.rating as string | null,
      closeReason: row.close_reason as string | null,
      unreasonable: row.unreasonable as boolean,
      mergedInto: row.merged_into as string | null,
      overdueAt: row.overdue_at as Date | null,
      updatedAt: row.updated_at as Date,
    };
  }
}
