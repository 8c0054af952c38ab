import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { entityColumns, queryRows, sql, type Sql } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { SupervisionCardEntity } from './supervision-card.entity.js';

export interface NewCard {
  sourceKey: string;
  caseId: string;
  card: 'notice' | 'yellow' | 'red';
  origin: 'automatic' | 'manual';
  clock: string | null;
  targetUnit: string | null;
  departmentCode: string | null;
  unitPath: string[];
  category: string;
  dueAt: Date | null;
  issuedAt: Date;
  issuedBy: string;
  reason: string | null;
}

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

export interface CardRecord extends NewCard {
  id: string;
}

/** The only code that touches supervision_cards. */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts cards, skipping any whose source was recorded before (redelivery, a second replica). */
  async insert(manager: EntityManager, cards: NewCard[]): Promise<number> {
    if (cards.length === 0) return 0;
    const rows = await manager.query(
      `INSERT INTO supervision_cards (id, source_key, case_id, card, origin, clock, target_unit,
         department_code, unit_path, category, due_at, issued_at, issued_by, reason)
       SELECT u.id, u.source_key, u.case_id, u.card, u.origin, u.clock, u.target_unit, u.department_code,
         ARRAY(SELECT jsonb_array_elements_text(u.unit_path)), u.category, u.due_at, u.issued_at,
         u.issued_by, u.reason
       FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, source_key text, case_id uuid, card text,
         origin text, clock text, target_unit text, department_code text, unit_path jsonb, category text,
         due_at timestamptz, issued_at timestamptz, issued_by text, reason text)
       ON CONFLICT (source_key) DO NOTHING RETURNING 1`,
      [
        JSON.stringify(
          cards.map((c) => ({
            id: randomUUID(),
            source_key: c.sourceKey,
            case_id: c.caseId,
            card: c.card,
            origin: c.origin,
            clock: c.clock,
            target_unit: c.targetUnit,
            department_code: c.departmentCode,
            unit_path: c.unitPath,
            category: c.category,
            due_at: c.dueAt,
            issued_at: c.issuedAt,
            issued_by: c.issuedBy,
            reason: c.reason,
          })),
        ),
      ],
    );
    return rows.length;
  }

  async find(query: CardQuery): Promise<CardRecord[]> {
    const where: Sql[] = [];
    if (query.unit) where.push(sql`target_unit = ${query.unit}`);
    if (query.department) where.push(sql`department_code = ${query.department}`);
    if (query.caseId) where.push(sql`case_id = ${query.caseId}`);
    if (query.from) where.push(sql`issued_at >= ${query.from}`);
    if (query.to) where.push(sql`issued_at < ${query.to}`);
    if (query.scopeUnit) where.push(sql`unit_path @> ARRAY[${query.scopeUnit}]::text[]`);
    const cards = entityColumns(this.dataSource, SupervisionCardEntity);
    return queryRows<CardRecord>(
      this.dataSource,
      sql`SELECT ${cards.select(undefined, CARD_FIELDS)} FROM ${cards.table}
          WHERE ${sql.and(where)} ORDER BY issued_at DESC, id LIMIT ${query.limit}`,
    );
  }
}

const CARD_FIELDS = [
  'id',
  'sourceKey',
  'caseId',
  'card',
  'origin',
  'clock',
  'targetUnit',
  'departmentCode',
  'unitPath',
  'category',
  'dueAt',
  'issuedAt',
  'issuedBy',
  'reason',
] as const satisfies readonly (keyof CardRecord & keyof SupervisionCardEntity)[];
