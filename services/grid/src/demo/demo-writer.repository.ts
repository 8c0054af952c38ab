import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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

/**
 * Bulk writes for the demo generator: one statement per table per batch (unnest of arrays). Conflicts
 * are skipped, so generating the same district twice adds nothing.
 */
@Injectable()
export class DemoWriterRepository {
  async buildings(manager: EntityManager, rows: DemoBuilding[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO buildings (id, name, community_code, grid_code, path, lat, lng, entrances, floors)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::varchar[], $4::varchar[], $5::text[], $6::float8[], $7::float8[], $8::int[], $9::int[])
       ON CONFLICT DO NOTHING`,
      cols(rows, ['id', 'name', 'communityCode', 'gridCode', 'path', 'lat', 'lng', 'entrances', 'floors']),
    );
  }

  async households(manager: EntityManager, rows: DemoHousehold[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO households (id, household_no, building_id, entrance, room, address, grid_code, path)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::varchar[], $5::varchar[], $6::text[], $7::varchar[], $8::text[])
       ON CONFLICT DO NOTHING`,
      cols(rows, ['id', 'householdNo', 'buildingId', 'entrance', 'room', 'address', 'gridCode', 'path']),
    );
  }

  /** Residents and their first residence row; returns how many were new. */
  async residents(manager: EntityManager, rows: DemoResident[], since: string): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO residents (id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash,
                              phone_enc, phone_hash, household_id, relation, grid_code, path, synthetic)
       SELECT r.*, true FROM unnest($1::uuid[], $2::text[], $3::varchar[], $4::varchar[], $5::date[], $6::text[],
                                    $7::char(64)[], $8::text[], $9::char(64)[], $10::uuid[], $11::varchar[],
                                    $12::varchar[], $13::text[]) AS r
       ON CONFLICT DO NOTHING RETURNING id`,
      cols(rows, [
        'id',
        'name',
        'nameInitials',
        'gender',
        'birthDate',
        'idNumberEnc',
        'idNumberHash',
        'phoneEnc',
        'phoneHash',
        'householdId',
        'relation',
        'gridCode',
        'path',
      ]),
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const opened = rows.filter((r) => fresh.has(r.id));
    if (opened.length > 0) {
      await manager.query(
        `INSERT INTO residences (id, resident_id, household_id, grid_code, path, valid_from)
         SELECT gen_random_uuid(), r.id, r.household_id, r.grid_code, r.path, $5::date
         FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::text[]) AS r(id, household_id, grid_code, path)`,
        [...cols(opened, ['id', 'householdId', 'gridCode', 'path']), since],
      );
    }
    return opened.length;
  }

  async tags(manager: EntityManager, rows: { residentId: string; tag: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO resident_tags (id, resident_id, tag, set_by, set_at)
       SELECT gen_random_uuid(), t.resident_id, t.tag, 'demo', now() FROM unnest($1::uuid[], $2::varchar[]) AS t(resident_id, tag)
       ON CONFLICT DO NOTHING`,
      cols(rows, ['residentId', 'tag']),
    );
  }

  async sites(
    manager: EntityManager,
    rows: {
      id: string;
      name: string;
      kind: string;
      unitCode: string;
      path: string;
      address: string;
      lat: number;
      lng: number;
      functions: string[];
    }[],
  ): Promise<void> {
    for (const s of rows) {
      await manager.query(
        `INSERT INTO service_sites (id, name, kind, unit_code, path, address, lat, lng, functions, opening_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [
          s.id,
          s.name,
          s.kind,
          s.unitCode,
          s.path,
          s.address,
          s.lat,
          s.lng,
          s.functions,
          JSON.stringify(WEEKDAY_HOURS),
        ],
      );
    }
  }
}

const WEEKDAY_HOURS = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri']
    .map((d) => [
      d,
      [
        ['09:00', '12:00'],
        ['14:00', '17:30'],
      ],
    ])
    .concat([['sat', [['09:00', '12:00']]]]),
);

function cols<T>(rows: T[], keys: (keyof T)[]): unknown[][] {
  return keys.map((k) => rows.map((r) => r[k] ?? null));
}
