import { Injectable } from '@nestjs/common';
import { entityColumns, findInScope, queryOne, queryRows, sql, type Db, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { DataScope } from '../scope/data-scope.js';
import { HouseholdEntity } from './household.entity.js';

export type HouseholdRow = Row<HouseholdEntity>;

export type HouseholdWrite = Omit<HouseholdRow, 'createdAt' | 'updatedAt'>;

const households = (db: Db) => entityColumns(db, HouseholdEntity);

/** The only code that touches the households table. Every read takes the caller's scope. */
@Injectable()
export class HouseholdRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, h: HouseholdWrite): Promise<HouseholdRow> {
    const c = households(manager);
    const props = [
      'id',
      'householdNo',
      'buildingId',
      'entrance',
      'room',
      'address',
      'gridCode',
      'path',
    ] as const;
    const row = await queryOne<HouseholdRow>(manager, sql`${c.insert([h], props)} RETURNING ${c.select()}`);
    return row!;
  }

  /** The address fields; where a household sits follows its building (see reassignBuilding). */
  async updateAddress(
    manager: EntityManager,
    h: Pick<HouseholdRow, 'id' | 'entrance' | 'room' | 'address'>,
  ): Promise<HouseholdRow> {
    const c = households(manager);
    const row = await queryOne<HouseholdRow>(
      manager,
      sql`UPDATE ${c.table} SET ${c.assign(h, ['entrance', 'room', 'address'])}, updated_at = now()
          WHERE id = ${h.id} RETURNING ${c.select()}`,
    );
    return row!;
  }

  /** Moves every household of a building to the building's new grid; returns what moved. */
  reassignBuilding(
    manager: EntityManager,
    buildingId: string,
    gridCode: string | null,
    path: string,
  ): Promise<HouseholdRow[]> {
    const c = households(manager);
    return queryRows(
      manager,
      sql`UPDATE ${c.table} SET ${c.assign({ gridCode, path }, ['gridCode', 'path'])}, updated_at = now()
          WHERE building_id = ${buildingId} RETURNING ${c.select()}`,
    );
  }

  /** The row when it lies in the caller's scope; `lock` holds it `FOR UPDATE` in the manager's transaction. */
  findById(
    scope: DataScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<HouseholdRow | null> {
    return findInScope(manager, households(manager), { id, scope: scope.path, path: 'path', lock });
  }

  async numberTaken(householdNo: string): Promise<boolean> {
    const c = households(this.dataSource);
    const row = await queryOne(
      this.dataSource,
      sql`SELECT 1 FROM ${c.table} WHERE household_no = ${householdNo}`,
    );
    return row !== null;
  }
}
