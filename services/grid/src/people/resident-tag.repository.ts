import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ResidentTagRow {
  id: string;
  residentId: string;
  tag: string;
  setBy: string;
  setAt: Date;
  note: string | null;
}

const COLUMNS = `id, resident_id AS "residentId", tag, set_by AS "setBy", set_at AS "setAt", note`;

/**
 * The only code that touches resident_tags. Callers check the special-population permission and the
 * resident's scope first; removal keeps the row (removed_at, removed_by) as the record of who did it.
 */
@Injectable()
export class ResidentTagRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active tags of the given residents (UQ_resident_tags_active). */
  async activeFor(residentIds: string[]): Promise<ResidentTagRow[]> {
    if (residentIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM resident_tags
       WHERE resident_id = ANY($1::uuid[]) AND removed_at IS NULL ORDER BY resident_id, tag`,
      [residentIds],
    );
  }

  async findActive(manager: EntityManager, residentId: string, tag: string): Promise<ResidentTagRow | null> {
    const rows: ResidentTagRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM resident_tags
       WHERE resident_id = $1 AND tag = $2 AND removed_at IS NULL FOR UPDATE`,
      [residentId, tag],
    );
    return rows[0] ?? null;
  }

  async insert(
    manager: EntityManager,
    tag: { residentId: string; tag: string; setBy: string; note: string | null },
  ): Promise<ResidentTagRow> {
    const rows: ResidentTagRow[] = await manager.query(
      `INSERT INTO resident_tags (id, resident_id, tag, set_by, set_at, note)
       VALUES ($1, $2, $3, $4, now(), $5) RETURNING ${COLUMNS}`,
      [randomUUID(), tag.residentId, tag.tag, tag.setBy, tag.note],
    );
    return rows[0];
  }

  async markRemoved(manager: EntityManager, id: string, removedBy: string): Promise<void> {
    await manager.query(`UPDATE resident_tags SET removed_at = now(), removed_by = $2 WHERE id = $1`, [
      id,
      removedBy,
    ]);
  }
}
