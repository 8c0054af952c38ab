import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ResidenceRow {
  id: string;
  residentId: string;
  householdId: string | null;
  gridCode: string | null;
  path: string;
  validFrom: string;
  /** Exclusive; null while current. */
  validTo: string | null;
}

export interface Placement {
  householdId: string | null;
  gridCode: string | null;
  path: string;
}

const COLUMNS = `id, resident_id AS "residentId", household_id AS "householdId", grid_code AS "gridCode", path,
  valid_from::text AS "validFrom", valid_to::text AS "validTo"`;

/**
 * The only code that touches the residences table: where each resident lived from when to when. A
 * resident has exactly one open row (valid_to null); a move closes it and opens the next.
 */
@Injectable()
export class ResidenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(manager: EntityManager, residentId: string, place: Placement, validFrom: string): Promise<void> {
    await manager.query(
      `INSERT INTO residences (id, resident_id, household_id, grid_code, path, valid_from)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), residentId, place.householdId, place.gridCode, place.path, validFrom],
    );
  }

  /** The open row, locked for the move that is about to close it. */
  async findOpen(manager: EntityManager, residentId: string): Promise<ResidenceRow | null> {
    const rows: ResidenceRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM residences WHERE resident_id = $1 AND valid_to IS NULL FOR UPDATE`,
      [residentId],
    );
    return rows[0] ?? null;
  }

  async close(manager: EntityManager, id: string, validTo: string): Promise<void> {
    await manager.query(`UPDATE residences SET valid_to = $2 WHERE id = $1`, [id, validTo]);
  }

  /** A correction on the day the row starts: no zero-length interval is left behind. */
  async replacePlacement(manager: EntityManager, id: string, place: Placement): Promise<void> {
    await manager.query(`UPDATE residences SET household_id = $2, grid_code = $3, path = $4 WHERE id = $1`, [
      id,
      place.householdId,
      place.gridCode,
      place.path,
    ]);
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
    await manager.query(
      `UPDATE residences SET grid_code = $2, path = $3
       WHERE resident_id = ANY($1::uuid[]) AND valid_to IS NULL AND valid_from >= $4`,
      [residentIds, gridCode, path, date],
    );
    await manager.query(
      `WITH closed AS (
         UPDATE residences SET valid_to = $4
         WHERE resident_id = ANY($1::uuid[]) AND valid_to IS NULL AND valid_from < $4
         RETURNING resident_id, household_id)
       INSERT INTO residences (id, resident_id, household_id, grid_code, path, valid_from)
       SELECT gen_random_uuid(), resident_id, household_id, $2, $3, $4 FROM closed`,
      [residentIds, gridCode, path, date],
    );
  }

  /** Where the resident lived on `date` (IDX_residences_resident). */
  async findOn(residentId: string, date: string): Promise<ResidenceRow | null> {
    const rows: ResidenceRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM residences
       WHERE resident_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
       ORDER BY valid_from DESC LIMIT 1`,
      [residentId, date],
    );
    return rows[0] ?? null;
  }

  async history(residentId: string): Promise<ResidenceRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM residences WHERE resident_id = $1 ORDER BY valid_from, valid_to NULLS LAST`,
      [residentId],
    );
  }
}
