import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Db, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ResidenceEntity } from './residence.entity.js';

/** A residences row; `validTo` is exclusive and null while current. */
export type ResidenceRow = Row<ResidenceEntity>;

export type Placement = Pick<ResidenceRow, 'householdId' | 'gridCode' | 'path'>;

const residences = (db: Db) => entityColumns(db, ResidenceEntity);

/**
 * The only code that touches the residences table: where each resident lived from when to when. A
 * resident has exactly one open row (valid_to null); a move closes it and opens the next.
 */
@Injectable()
export class ResidenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(manager: EntityManager, residentId: string, place: Placement, validFrom: string): Promise<void> {
    const r = residences(manager);
    await execute(
      manager,
      r.insert(
        [{ id: randomUUID(), residentId, ...place, validFrom }],
        ['id', 'residentId', 'householdId', 'gridCode', 'path', 'validFrom'],
      ),
    );
  }

  /** The open row, locked for the move that is about to close it. */
  findOpen(manager: EntityManager, residentId: string): Promise<ResidenceRow | null> {
    const r = residences(manager);
    return queryOne(
      manager,
      sql`SELECT ${r.select()} FROM ${r.table} WHERE resident_id = ${residentId} AND valid_to IS NULL FOR UPDATE`,
    );
  }

  async close(manager: EntityManager, id: string, validTo: string): Promise<void> {
    const r = residences(manager);
    await execute(manager, sql`UPDATE ${r.table} SET ${r.assign({ validTo }, ['validTo'])} WHERE id = ${id}`);
  }

  /** A correction on the day the row starts: no zero-length interval is left behind. */
  async replacePlacement(manager: EntityManager, id: string, place: Placement): Promise<void> {
    const r = residences(manager);
    await execute(
      manager,
      sql`UPDATE ${r.table} SET ${r.assign(place, ['householdId', 'gridCode', 'path'])} WHERE id = ${id}`,
    );
  }

  /**
   * The residents' open rows move to a new grid from `date` (their household did not move, its building
   * was reassigned): rows opened that day are corrected in place, older ones are closed and continued.
   */
  async continueInGrid(
    manager: EntityManager,
    residentIds: string[],
    gridCode: string | null,
    path: string,
    date: string,
  ): Promise<void> {
    if (residentIds.length === 0) return;
    const r = residences(manager);
    await execute(
      manager,
      sql`UPDATE ${r.table} SET grid_code = ${gridCode}, path = ${path}
          WHERE resident_id = ANY(${residentIds}::uuid[]) AND valid_to IS NULL AND valid_from >= ${date}::date`,
    );
    await execute(
      manager,
      sql`WITH closed AS (
            UPDATE ${r.table} SET valid_to = ${date}::date
            WHERE resident_id = ANY(${residentIds}::uuid[]) AND valid_to IS NULL AND valid_from < ${date}::date
            RETURNING resident_id, household_id)
          INSERT INTO ${r.table} (${r.names(['id', 'residentId', 'householdId', 'gridCode', 'path', 'validFrom'])})
          SELECT gen_random_uuid(), resident_id, household_id, ${gridCode}::varchar, ${path}::text, ${date}::date
          FROM closed`,
    );
  }

  /** Where the resident lived on `date` (IDX_residences_resident). */
  findOn(residentId: string, date: string): Promise<ResidenceRow | null> {
    const r = residences(this.dataSource);
    return queryOne(
      this.dataSource,
      sql`SELECT ${r.select()} FROM ${r.table}
          WHERE resident_id = ${residentId} AND valid_from <= ${date}::date
            AND (valid_to IS NULL OR valid_to > ${date}::date)
          ORDER BY valid_from DESC LIMIT 1`,
    );
  }

  history(residentId: string): Promise<ResidenceRow[]> {
    const r = residences(this.dataSource);
    return queryRows(
      this.dataSource,
      sql`SELECT ${r.select()} FROM ${r.table} WHERE resident_id = ${residentId}
          ORDER BY valid_from, valid_to NULLS LAST`,
    );
  }
}
