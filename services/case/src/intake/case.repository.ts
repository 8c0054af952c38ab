import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseEntity } from './case.entity.js';

/** The only code that touches the cases table. */
@Injectable()
export class CaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts unless the reporter already used the idempotency key; returns null in that case. */
  async insert(manager: EntityManager, values: Omit<CaseEntity, 'createdAt'>): Promise<CaseEntity | null> {
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
    };
  }
}
