import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql, type Row, type Sql } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { SupervisionCardEntity } from './supervision-card.entity.js';

/** A card as the entity stores it, its kind and origin narrowed to the values issued. */
export type NewCard = Omit<Row<SupervisionCardEntity>, 'id' | 'card' | 'origin'> & {
  card: 'notice' | 'yellow' | 'red';
  origin: 'automatic' | 'manual';
};

export interface CardQuery {
  unit?: string;
  department?: string;
  caseId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Only cards on cases inside this unit subtree (the caller's data scope), when set. */
  scopeUnit?: string;
}

export type CardRecord = NewCard & { id: string };

/** The only code that touches supervision_cards. */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get cards() {
    return entityColumns(this.dataSource, SupervisionCardEntity);
  }

  /** Inserts cards, skipping any whose source was recorded before (redelivery, a second replica). */
  async insert(manager: EntityManager, cards: NewCard[]): Promise<number> {
    const c = this.cards;
    let inserted = 0;
    // In slices, so a large scheduler batch stays well under PostgreSQL's 65 535 bind parameters.
    for (let i = 0; i < cards.length; i += INSERT_SLICE) {
      const rows = cards.slice(i, i + INSERT_SLICE).map((card) => ({ ...card, id: randomUUID() }));
      inserted += (
        await queryRows(
          manager,
          sql`${c.insert(rows, c.props)} ON CONFLICT (${c.names(['sourceKey'])}) DO NOTHING RETURNING 1`,
        )
      ).length;
    }
    return inserted;
  }

  async find(query: CardQuery): Promise<CardRecord[]> {
    const where: Sql[] = [];
    if (query.unit) where.push(sql`target_unit = ${query.unit}`);
    if (query.department) where.push(sql`department_code = ${query.department}`);
    if (query.caseId) where.push(sql`case_id = ${query.caseId}`);
    if (query.from) where.push(sql`issued_at >= ${query.from}`);
    if (query.to) where.push(sql`issued_at < ${query.to}`);
    if (query.scopeUnit) where.push(sql`unit_path @> ARRAY[${query.scopeUnit}]::text[]`);
    const cards = this.cards;
    return queryRows<CardRecord>(
      this.dataSource,
      sql`SELECT ${cards.select()} FROM ${cards.table}
          WHERE ${sql.and(where)} ORDER BY issued_at DESC, id LIMIT ${query.limit}`,
    );
  }
}

const INSERT_SLICE = 1000;
