import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Db, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ResidentTagEntity } from './resident-tag.entity.js';

/** What callers see of a tag: who set it and why; removal is only ever recorded, not read back. */
const PROPS = [
  'id',
  'residentId',
  'tag',
  'setBy',
  'setAt',
  'note',
] as const satisfies readonly (keyof ResidentTagEntity)[];

export type ResidentTagRow = Pick<Row<ResidentTagEntity>, (typeof PROPS)[number]>;

const tags = (db: Db) => entityColumns(db, ResidentTagEntity);

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
    const t = tags(this.dataSource);
    return queryRows(
      this.dataSource,
      sql`SELECT ${t.select(undefined, PROPS)} FROM ${t.table}
          WHERE resident_id = ANY(${residentIds}::uuid[]) AND removed_at IS NULL ORDER BY resident_id, tag`,
    );
  }

  findActive(manager: EntityManager, residentId: string, tag: string): Promise<ResidentTagRow | null> {
    const t = tags(manager);
    return queryOne(
      manager,
      sql`SELECT ${t.select(undefined, PROPS)} FROM ${t.table}
          WHERE resident_id = ${residentId} AND tag = ${tag} AND removed_at IS NULL FOR UPDATE`,
    );
  }

  async insert(
    manager: EntityManager,
    tag: Pick<ResidentTagRow, 'residentId' | 'tag' | 'setBy' | 'note'>,
  ): Promise<ResidentTagRow> {
    const t = tags(manager);
    const row = await queryOne<ResidentTagRow>(
      manager,
      sql`INSERT INTO ${t.table} (${t.names(PROPS)})
          VALUES (${randomUUID()}, ${tag.residentId}, ${tag.tag}, ${tag.setBy}, now(), ${tag.note})
          RETURNING ${t.select(undefined, PROPS)}`,
    );
    return row!;
  }

  async markRemoved(manager: EntityManager, id: string, removedBy: string): Promise<void> {
    const t = tags(manager);
    await execute(
      manager,
      sql`UPDATE ${t.table} SET removed_at = now(), ${t.assign({ removedBy }, ['removedBy'])}
          WHERE id = ${id}`,
    );
  }
}
