import { Injectable } from '@nestjs/common';
import {
  entityColumns,
  findInScope,
  pathWithinSql,
  queryOne,
  queryRows,
  sql,
  type Db,
  type Row,
} from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { DataScope } from '../scope/data-scope.js';
import { ResidentEntity } from './resident.entity.js';

/** A residents row as stored: the ID and phone numbers only as ciphertext plus keyed hash. */
export type ResidentRow = Row<ResidentEntity>;

export type ResidentWrite = Omit<ResidentRow, 'createdAt' | 'updatedAt'>;

/** The personal fields; where the resident lives changes only through setPlacement (a move). */
const PERSONAL = [
  'name',
  'nameInitials',
  'gender',
  'birthDate',
  'idNumberEnc',
  'idNumberHash',
  'phoneEnc',
  'phoneHash',
  'relation',
] as const satisfies readonly (keyof ResidentEntity)[];

/** The residents table's columns (searches select them too, aliased `r`). */
export const residentColumns = (db: Db) => entityColumns(db, ResidentEntity);

/** The only code that touches the residents table (searches: resident-search.repository.ts). */
@Injectable()
export class ResidentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, r: ResidentWrite): Promise<ResidentRow> {
    const c = residentColumns(manager);
    const props = [...PERSONAL, 'id', 'householdId', 'gridCode', 'path', 'synthetic'] as const;
    const row = await queryOne<ResidentRow>(manager, sql`${c.insert([r], props)} RETURNING ${c.select()}`);
    return row!;
  }

  async updatePersonal(manager: EntityManager, r: ResidentWrite): Promise<ResidentRow> {
    const c = residentColumns(manager);
    const row = await queryOne<ResidentRow>(
      manager,
      sql`UPDATE ${c.table} SET ${c.assign(r, PERSONAL)}, updated_at = now()
          WHERE id = ${r.id} RETURNING ${c.select()}`,
    );
    return row!;
  }

  async setPlacement(
    manager: EntityManager,
    id: string,
    place: Pick<ResidentRow, 'householdId' | 'gridCode' | 'path'>,
  ): Promise<ResidentRow> {
    const c = residentColumns(manager);
    const row = await queryOne<ResidentRow>(
      manager,
      sql`UPDATE ${c.table} SET ${c.assign(place, ['householdId', 'gridCode', 'path'])}, updated_at = now()
          WHERE id = ${id} RETURNING ${c.select()}`,
    );
    return row!;
  }

  /** Residents of the given households follow them to a new grid; returns who moved. */
  async reassignHouseholds(
    manager: EntityManager,
    householdIds: string[],
    gridCode: string | null,
    path: string,
  ): Promise<Pick<ResidentRow, 'id' | 'householdId'>[]> {
    if (householdIds.length === 0) return [];
    const c = residentColumns(manager);
    return queryRows(
      manager,
      sql`UPDATE ${c.table} SET ${c.assign({ gridCode, path }, ['gridCode', 'path'])}, updated_at = now()
          WHERE household_id = ANY(${householdIds}::uuid[]) RETURNING ${c.select(undefined, ['id', 'householdId'])}`,
    );
  }

  /** The row when it lies in the caller's scope; `lock` holds it `FOR UPDATE` in the manager's transaction. */
  findById(
    scope: DataScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<ResidentRow | null> {
    return findInScope(manager, residentColumns(manager), { id, scope: scope.path, path: 'path', lock });
  }

  /**
   * Whether another resident holds this ID number, across the whole registry: uniqueness cannot stop at
   * the caller's scope. Answers only yes or no.
   */
  async idNumberTaken(idNumberHash: string, exceptId: string | null): Promise<boolean> {
    const c = residentColumns(this.dataSource);
    const row = await queryOne(
      this.dataSource,
      sql`SELECT 1 FROM ${c.table} WHERE id_number_hash = ${idNumberHash} AND id IS DISTINCT FROM ${exceptId}::uuid`,
    );
    return row !== null;
  }

  /** Members of a household in the caller's scope (IDX_residents_household). */
  listByHousehold(scope: DataScope, householdId: string): Promise<ResidentRow[]> {
    const c = residentColumns(this.dataSource);
    return queryRows(
      this.dataSource,
      sql`SELECT ${c.select('r')} FROM ${c.table} r
          WHERE r.household_id = ${householdId} AND ${pathWithinSql(c.column('path', 'r'), scope.path)}
          ORDER BY (r.relation = 'head') DESC, r.birth_date, r.id LIMIT 500`,
    );
  }
}
