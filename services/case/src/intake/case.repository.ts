import { Injectable } from '@nestjs/common';
import { entityColumns, queryOne, sql } from '@yiwang/platform';
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

type OptionalCaseField = 'priority' | 'tier' | 'departmentCode' | 'routingVersion' | 'address' | 'attributes';

/** Intake's writes and lookups of the cases table (the lifecycle and queries have their own). */
@Injectable()
export class CaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts unless the reporter already used the idempotency key; returns null in that case. */
  insert(
    manager: EntityManager,
    values: Pick<CaseEntity, NewCaseField> & Partial<Pick<CaseEntity, OptionalCaseField>>,
  ): Promise<CaseEntity | null> {
    const cases = entityColumns(manager, CaseEntity);
    // Only the fields given are written; the table's defaults fill the rest, as with TypeORM's insert.
    const props = cases.props.filter(
      (p) => (values as Partial<CaseEntity>)[p] !== undefined,
    ) as NewCaseField[];
    return queryOne<CaseEntity>(
      manager,
      sql`${cases.insert([values], props)} ON CONFLICT DO NOTHING RETURNING ${cases.select()}`,
    );
  }

  findByIdempotencyKey(reportedBy: string, key: string): Promise<CaseEntity | null> {
    const cases = entityColumns(this.dataSource, CaseEntity);
    return queryOne<CaseEntity>(
      this.dataSource,
      sql`SELECT ${cases.select()} FROM ${cases.table} WHERE reported_by = ${reportedBy} AND idempotency_key = ${key}`,
    );
  }
}
