import { Injectable } from '@nestjs/common';
import {
  entityColumns,
  execute,
  queryRows,
  sql,
  type EntityColumns,
  type Row,
  type Sql,
} from '@yiwang/platform';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { GridStaffEntity } from '../grids/grid-staff.entity.js';
import { ResidenceEntity } from '../people/residence.entity.js';
import { ResidentTagEntity } from '../people/resident-tag.entity.js';
import { ResidentEntity } from '../people/resident.entity.js';
import { BuildingEntity } from '../places/building.entity.js';
import { HouseholdEntity } from '../places/household.entity.js';
import { ServiceSiteEntity } from '../sites/service-site.entity.js';

export interface DemoBuilding {
  id: string;
  name: string;
  communityCode: string;
  gridCode: string;
  path: string;
  lat: number;
  lng: number;
  entrances: number;
  floors: number;
}

export interface DemoHousehold {
  id: string;
  householdNo: string;
  buildingId: string;
  entrance: string;
  room: string;
  address: string;
  gridCode: string;
  path: string;
}

export interface DemoResident {
  id: string;
  name: string;
  nameInitials: string;
  gender: string;
  birthDate: string;
  idNumberEnc: string;
  idNumberHash: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  householdId: string;
  relation: string;
  gridCode: string;
  path: string;
}

export interface DemoSite {
  id: string;
  name: string;
  kind: string;
  unitCode: string;
  path: string;
  address: string;
  lat: number;
  lng: number;
  functions: string[];
}

export type DemoStaff = Pick<
  Row<GridStaffEntity>,
  'id' | 'gridCode' | 'name' | 'role' | 'partTimeKind' | 'phoneEnc' | 'since'
>;

/** One column of a batch: the property and the Postgres type of the array it travels in. */
type Column<T> = readonly [keyof T & string, string];

/**
 * Bulk writes for the demo generator: one statement per table per batch, each column one array
 * parameter (`unnest($1::uuid[], …)`), so a batch of thousands of rows is a handful of parameters.
 * Conflicts are skipped, so generating the same district twice adds nothing.
 */
@Injectable()
export class DemoWriterRepository {
  async buildings(manager: EntityManager, rows: DemoBuilding[]): Promise<void> {
    if (rows.length === 0) return;
    await execute(
      manager,
      insertUnnest(entityColumns(manager, BuildingEntity), rows, [
        ['id', 'uuid'],
        ['name', 'text'],
        ['communityCode', 'varchar'],
        ['gridCode', 'varchar'],
        ['path', 'text'],
        ['lat', 'float8'],
        ['lng', 'float8'],
        ['entrances', 'int'],
        ['floors', 'int'],
      ]),
    );
  }

  async households(manager: EntityManager, rows: DemoHousehold[]): Promise<void> {
    if (rows.length === 0) return;
    await execute(
      manager,
      insertUnnest(entityColumns(manager, HouseholdEntity), rows, [
        ['id', 'uuid'],
        ['householdNo', 'varchar'],
        ['buildingId', 'uuid'],
        ['entrance', 'varchar'],
        ['room', 'varchar'],
        ['address', 'text'],
        ['gridCode', 'varchar'],
        ['path', 'text'],
      ]),
    );
  }

  /** Residents (all synthetic) and their first residence row; returns how many were new. */
  async residents(manager: EntityManager, rows: DemoResident[], since: string): Promise<number> {
    if (rows.length === 0) return 0;
    const synthetic = rows.map((r) => ({ ...r, synthetic: true }));
    const inserted = await queryRows<{ id: string }>(
      manager,
      sql`${insertUnnest(entityColumns(manager, ResidentEntity), synthetic, [
        ['id', 'uuid'],
        ['name', 'text'],
        ['nameInitials', 'varchar'],
        ['gender', 'varchar'],
        ['birthDate', 'date'],
        ['idNumberEnc', 'text'],
        ['idNumberHash', 'char(64)'],
        ['phoneEnc', 'text'],
        ['phoneHash', 'char(64)'],
        ['householdId', 'uuid'],
        ['relation', 'varchar'],
        ['gridCode', 'varchar'],
        ['path', 'text'],
        ['synthetic', 'boolean'],
      ])} RETURNING id`,
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const opened = rows
      .filter((r) => fresh.has(r.id))
      .map((r) => ({ residentId: r.id, householdId: r.householdId, gridCode: r.gridCode, path: r.path }));
    if (opened.length > 0) {
      const residences = entityColumns(manager, ResidenceEntity);
      const columns: Column<(typeof opened)[number]>[] = [
        ['residentId', 'uuid'],
        ['householdId', 'uuid'],
        ['gridCode', 'varchar'],
        ['path', 'text'],
      ];
      await execute(
        manager,
        sql`INSERT INTO ${residences.table}
              (${residences.names(['id', ...columns.map(([prop]) => prop), 'validFrom'])})
            SELECT gen_random_uuid(), r.*, ${since}::date FROM ${unnest(opened, columns)} AS r`,
      );
    }
    return opened.length;
  }

  async tags(manager: EntityManager, rows: { residentId: string; tag: string }[]): Promise<void> {
    if (rows.length === 0) return;
    const tags = entityColumns(manager, ResidentTagEntity);
    const columns: Column<(typeof rows)[number]>[] = [
      ['residentId', 'uuid'],
      ['tag', 'varchar'],
    ];
    await execute(
      manager,
      sql`INSERT INTO ${tags.table} (${tags.names(['id', 'residentId', 'tag', 'setBy', 'setAt'])})
          SELECT gen_random_uuid(), t.*, 'demo', now() FROM ${unnest(rows, columns)} AS t
          ON CONFLICT DO NOTHING`,
    );
  }

  /** A grid's staff, in one multi-row insert (a handful of rows). */
  async staff(manager: EntityManager, rows: DemoStaff[]): Promise<void> {
    if (rows.length === 0) return;
    const staff = entityColumns(manager, GridStaffEntity);
    await execute(
      manager,
      staff.insert(rows, ['id', 'gridCode', 'name', 'role', 'partTimeKind', 'phoneEnc', 'since']),
    );
  }

  /** A few dozen sites a district: one insert each, with the usual weekday opening hours. */
  async sites(manager: EntityManager, rows: DemoSite[]): Promise<void> {
    const sites = entityColumns(manager, ServiceSiteEntity);
    for (const s of rows) {
      await execute(
        manager,
        sql`${sites.insert(
          [{ ...s, openingHours: WEEKDAY_HOURS }],
          ['id', 'name', 'kind', 'unitCode', 'path', 'address', 'lat', 'lng', 'functions', 'openingHours'],
        )} ON CONFLICT DO NOTHING`,
      );
    }
  }
}

/** `unnest($1::type[], …)`: one array parameter per column, null for a missing value. */
function unnest<T>(rows: readonly T[], columns: readonly Column<T>[]): Sql {
  return sql`unnest(${sql.join(
    columns.map(([prop, type]) => sql`${rows.map((r) => r[prop] ?? null)}::${sql.raw(type)}[]`),
  )})`;
}

/** `INSERT INTO table (columns) SELECT * FROM unnest(…) ON CONFLICT DO NOTHING`. */
function insertUnnest<E extends ObjectLiteral, T>(
  table: EntityColumns<E>,
  rows: readonly T[],
  columns: readonly Column<T>[],
): Sql {
  const props = columns.map(([prop]) => prop) as unknown as (keyof E & string)[];
  return sql`INSERT INTO ${table.table} (${table.names(props)})
             SELECT * FROM ${unnest(rows, columns)} ON CONFLICT DO NOTHING`;
}

const WEEKDAY_HOURS: Record<string, [string, string][]> = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri']
    .map((d): [string, [string, string][]] => [
      d,
      [
        ['09:00', '12:00'],
        ['14:00', '17:30'],
      ],
    ])
    .concat([['sat', [['09:00', '12:00']]]]),
);
