import { Injectable } from '@nestjs/common';
import { entityColumns, findInScope } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { scopePredicate, type DataScope } from '../scope/data-scope.js';
import { ResidentEntity } from './resident.entity.js';

/** A residents row as stored: the ID and phone numbers only as ciphertext plus keyed hash. */
export interface ResidentRow {
  id: string;
  name: string;
  nameInitials: string;
  gender: string;
  birthDate: string;
  idNumberEnc: string;
  idNumberHash: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  householdId: string | null;
  relation: string;
  gridCode: string | null;
  path: string;
  synthetic: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type ResidentWrite = Omit<ResidentRow, 'createdAt' | 'updatedAt'>;

/** Column list for residents aliased `r` (search joins use the same shape). */
export const RESIDENT_COLUMNS = `r.id, r.name, r.name_initials AS "nameInitials", r.gender,
  r.birth_date::text AS "birthDate", r.id_number_enc AS "idNumberEnc", r.id_number_hash AS "idNumberHash",
  r.phone_enc AS "phoneEnc", r.phone_hash AS "phoneHash", r.household_id AS "householdId", r.relation,
  r.grid_code AS "gridCode", r.path, r.synthetic, r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

/**
 * The only code that touches the residents table (searches: resident-search.repository.ts). Updates
 * return rows through a CTE: a bare UPDATE … RETURNING comes back from TypeORM as [rows, count].
 */
@Injectable()
export class ResidentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, r: ResidentWrite): Promise<ResidentRow> {
    const rows: ResidentRow[] = await manager.query(
      `INSERT INTO residents AS r (id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash,
         phone_enc, phone_hash, household_id, relation, grid_code, path, synthetic)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${RESIDENT_COLUMNS}`,
      [
        r.id,
        r.name,
        r.nameInitials,
        r.gender,
        r.birthDate,
        r.idNumberEnc,
        r.idNumberHash,
        r.phoneEnc,
        r.phoneHash,
        r.householdId,
        r.relation,
        r.gridCode,
        r.path,
        r.synthetic,
      ],
    );
    return rows[0];
  }

  /** Personal fields; where the resident lives changes only through setPlacement (a move). */
  async updatePersonal(manager: EntityManager, r: ResidentWrite): Promise<ResidentRow> {
    const rows: ResidentRow[] = await manager.query(
      `WITH r AS (
         UPDATE residents SET name = $2, name_initials = $3, gender = $4, birth_date = $5,
           id_number_enc = $6, id_number_hash = $7, phone_enc = $8, phone_hash = $9, relation = $10,
           updated_at = now()
         WHERE id = $1 RETURNING *)
       SELECT ${RESIDENT_COLUMNS} FROM r`,
      [
        r.id,
        r.name,
        r.nameInitials,
        r.gender,
        r.birthDate,
        r.idNumberEnc,
        r.idNumberHash,
        r.phoneEnc,
        r.phoneHash,
        r.relation,
      ],
    );
    return rows[0];
  }

  async setPlacement(
    manager: EntityManager,
    id: string,
    place: { householdId: string | null; gridCode: string | null; path: string },
  ): Promise<ResidentRow> {
    const rows: ResidentRow[] = await manager.query(
      `WITH r AS (
         UPDATE residents SET household_id = $2, grid_code = $3, path = $4, updated_at = now()
         WHERE id = $1 RETURNING *)
       SELECT ${RESIDENT_COLUMNS} FROM r`,
      [id, place.householdId, place.gridCode, place.path],
    );
    return rows[0];
  }

  /** Residents of the given households follow them to a new grid; returns who moved. */
  async reassignHouseholds(
    manager: EntityManager,
    householdIds: string[],
    gridCode: string | null,
    path: string,
  ): Promise<Pick<ResidentRow, 'id' | 'householdId'>[]> {
    if (householdIds.length === 0) return [];
    return manager.query(
      `WITH r AS (
         UPDATE residents SET grid_code = $2, path = $3, updated_at = now()
         WHERE household_id = ANY($1::uuid[]) RETURNING id, household_id)
       SELECT id, household_id AS "householdId" FROM r`,
      [householdIds, gridCode, path],
    );
  }

  /** The row when it lies in the caller's scope; `lock` holds it `FOR UPDATE` in the manager's transaction. */
  findById(
    scope: DataScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<ResidentRow | null> {
    return findInScope(manager, entityColumns(manager, ResidentEntity), {
      id,
      scope: scope.path,
      path: 'path',
      lock,
    });
  }

  /**
   * Whether another resident holds this ID number, across the whole registry: uniqueness cannot stop at
   * the caller's scope. Answers only yes or no.
   */
  async idNumberTaken(idNumberHash: string, exceptId: string | null): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM residents WHERE id_number_hash = $1 AND id IS DISTINCT FROM $2`,
      [idNumberHash, exceptId],
    );
    return rows.length > 0;
  }

  /** Members of a household in the caller's scope (IDX_residents_household). */
  async listByHousehold(scope: DataScope, householdId: string): Promise<ResidentRow[]> {
    const params: unknown[] = [householdId];
    return this.dataSource.query(
      `SELECT ${RESIDENT_COLUMNS} FROM residents r
       WHERE r.household_id = $1 AND ${scopePredicate(scope, 'r.path', params)}
       ORDER BY (r.relation = 'head') DESC, r.birth_date, r.id LIMIT 500`,
      params,
    );
  }
}
