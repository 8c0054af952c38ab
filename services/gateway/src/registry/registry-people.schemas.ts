import type { peopleV1 } from '@yiwang/contracts';
import { z } from 'zod';
import { named } from '../openapi/api-route.decorator.js';
import { protoMessage } from '../openapi/proto-schema.js';
import { bool, cursor, day, gridCode, limit, unitCode, uuid } from './registry.schemas.js';

/** Requests and answers of the people and places routes (registry-people.http.controller.ts). */
const text = (max: number) => z.string().min(1).max(max);
export const buildingBody = z
  .object({
    name: text(100),
    communityCode: unitCode,
    gridCode: gridCode.optional(),
    lat: z.number(),
    lng: z.number(),
    entrances: z.number().int().min(1).max(50).default(1),
    floors: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export const buildingPatch = z
  .object({
    name: text(100).optional(),
    gridCode: z.union([gridCode, z.literal('')]).optional(),
    lat: z.number().optional(),
    lng: z.number().optional(),
    entrances: z.number().int().min(1).max(50).optional(),
    floors: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export const buildingsQuery = z
  .object({ community: unitCode.optional(), grid: gridCode.optional(), cursor, limit: limit(500, 100) })
  .strict();
export const householdBody = z
  .object({
    householdNo: text(40),
    address: text(300),
    buildingId: uuid.optional(),
    gridCode: gridCode.optional(),
    communityCode: unitCode.optional(),
    entrance: z.string().max(16).optional(),
    room: z.string().max(16).optional(),
  })
  .strict();
export const householdPatch = z
  .object({
    address: text(300).optional(),
    entrance: z.string().max(16).optional(),
    room: z.string().max(16).optional(),
  })
  .strict();
export const residentBody = z
  .object({
    name: text(50),
    idNumber: z.string().min(1).max(32),
    phone: z.string().max(20).optional(),
    relation: z.string().max(16).default('other'),
    householdId: uuid.optional(),
    gridCode: gridCode.optional(),
    communityCode: unitCode.optional(),
    movedInOn: day.optional(),
  })
  .strict();
export const residentPatch = z
  .object({
    name: text(50).optional(),
    idNumber: z.string().min(1).max(32).optional(),
    phone: z.string().max(20).optional(),
    relation: z.string().max(16).optional(),
  })
  .strict();
export const residentQuery = z.object({ reveal: bool, purpose: z.string().max(200).optional() }).strict();
export const moveBody = z.object({ householdId: uuid, date: day }).strict();
export const whereQuery = z.object({ date: day }).strict();
export const tagParams = z.object({ id: uuid, tag: z.string().regex(/^[a-z_]{2,32}$/, 'a tag code') });
export const tagBody = z.object({ note: z.string().max(200).optional() }).strict();
export const searchQuery = z
  .object({
    name: z.string().max(50).optional(),
    initials: z
      .string()
      .regex(/^[a-z]{1,10}$/)
      .optional(),
    idNumber: z.string().max(32).optional(),
    tag: z.string().max(32).optional(),
    unit: unitCode.optional(),
    cursor,
    limit: limit(200, 50),
  })
  .strict();

export const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

// The proto leaves a building's grid and a household's building, entrance, room and grid absent when unknown;
// the HTTP answers keep showing them as '' (as they always have), so clients still read a string.
const emptyWhenNone = (what: string) => z.string().describe(`${what}; empty when none`);
export const building = named(
  'Building',
  protoMessage<peopleV1.Building>('yiwang.grid.v1.Building').extend({
    gridCode: emptyWhenNone('The grid the building is in'),
  }),
);
export const household = named(
  'Household',
  protoMessage<peopleV1.Household>('yiwang.grid.v1.Household').extend({
    buildingId: emptyWhenNone('The building'),
    entrance: emptyWhenNone('The entrance (单元)'),
    room: emptyWhenNone('The room'),
    gridCode: emptyWhenNone('The grid the household is in'),
  }),
);
export const resident = named('Resident', protoMessage<peopleV1.Resident>('yiwang.grid.v1.Resident'));
export const residentTag = named(
  'ResidentTag',
  protoMessage<peopleV1.ResidentTag>('yiwang.grid.v1.ResidentTag'),
);
export const householdDetail = named(
  'HouseholdDetail',
  z.strictObject({ household, members: z.array(resident) }),
);

export function presentBuilding(b: peopleV1.Building): z.input<typeof building> {
  return { ...b, gridCode: b.gridCode ?? '' };
}

export function presentHousehold(h: peopleV1.Household): z.input<typeof household> {
  return {
    ...h,
    buildingId: h.buildingId ?? '',
    entrance: h.entrance ?? '',
    room: h.room ?? '',
    gridCode: h.gridCode ?? '',
  };
}
export const residence = named('Residence', protoMessage<peopleV1.Residence>('yiwang.grid.v1.Residence'));
