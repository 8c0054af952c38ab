import { Injectable } from '@nestjs/common';
import { entityColumns, findInScope } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { DataScope } from '../scope/data-scope.js';
import { HouseholdEntity } from './household.entity.js';

export interface HouseholdRow {
  id: string;
  householdNo: string;
  buildingId: string | null;
  entrance: string | null;
  room: string | null;
  address: string;
  gridCode: string | null;
  path: string;
  createdAt: Date;
  updatedAt: Date;
}

export type HouseholdWrite = Omit<HouseholdRow, 'createdAt' | 'updatedAt'>;

const COLUMNS = `id, household_no AS "householdNo", building_id AS "buildingId", entrance, room, address,
  grid_code AS "gridCode", path, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The only code that touches the households table. Every read takes the caller's scope. */
@Injectable()
export class HouseholdRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, h: HouseholdWrite): Promise<HouseholdRow> {
    const rows: HouseholdRow[] = await manager.query(
      `INSERT INTO households (id, household_no, building_id, entrance, room, address, grid_code, path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [h.id, h.householdNo, h.buildingId, h.entrance, h.room, h.address, h.gridCode, h.path],
    );
    return rows[0];
  }

  /** The address fields; where a household sits follows its building (see reassignBuilding). */
  async updateAddress(
    manager: EntityManager,
    h: Pick<HouseholdRow, 'id' | 'entrance' | 'room' | 'address'>,
  ): Promise<HouseholdRow> {
    const rows: HouseholdRow[] = await manager.query(
      `WITH h AS (
         UPDATE households SET entrance = $2, room = $3, address = $4, updated_at = now()
         WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM h`,
      [h.id, h.entrance, h.room, h.address],
    );
    return rows[0];
  }

  /** Moves every household of a building to the building's new grid; returns what moved. */
  async reassignBuilding(
    manager: EntityManager,
    buildingId: string,
    gridCode: string | null,
    path: string,
  ): Promise<HouseholdRow[]> {
    return manager.query(
      `WITH h AS (
         UPDATE households SET grid_code = $2, path = $3, updated_at = now()
         WHERE building_id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM h`,
      [buildingId, gridCode, path],
    );
  }

  /** The row when it lies in the caller's scope; `lock` holds it `FOR UPDATE` in the manager's transaction. */
  findById(
    scope: DataScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<HouseholdRow | null> {
    return findInScope(manager, entityColumns(manager, HouseholdEntity), {
      id,
      scope: scope.path,
      path: 'path',
      lock,
    });
  }

  async numberTaken(householdNo: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM households WHERE household_no = $1`, [
      householdNo,
    ]);
    return rows.length > 0;
  }
}
