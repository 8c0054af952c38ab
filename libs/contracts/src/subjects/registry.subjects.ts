import { z } from 'zod';
import { defineSubject } from './define-subject.js';

/** Registry events: codes, ids and paths only. Names, ID numbers and phones never leave the service. */
const path = z.string().regex(/^[0-9]{2}(\.[0-9A-Za-z-]+)*$/, 'a unit path');
const occurredAt = z.iso.datetime({ offset: true });

export const UnitChangedV1 = z
  .object({
    code: z.string().regex(/^[0-9]{2,12}$/),
    level: z.enum(['province', 'city', 'district', 'street', 'community']),
    parentCode: z.string().nullable(),
    path,
    change: z.enum(['created', 'updated', 'boundary-changed']),
    occurredAt,
  })
  .strict();

export const GridChangedV1 = z
  .object({
    code: z.string().min(1).max(40),
    communityCode: z.string().regex(/^[0-9]{12}$/),
    path,
    version: z.number().int().min(1),
    change: z.enum(['created', 'redrawn', 'retired', 'staff-changed', 'updated']),
    replacedBy: z.array(z.string()).default([]),
    occurredAt,
  })
  .strict();

export const DepartmentChangedV1 = z
  .object({
    code: z.string().min(1).max(40),
    unitCode: z.string(),
    categories: z.array(z.string()),
    change: z.enum(['created', 'updated']),
    occurredAt,
  })
  .strict();

const placeChange = z.enum(['created', 'updated', 'moved', 'deleted']);

export const BuildingChangedV1 = z
  .object({ id: z.string().uuid(), gridCode: z.string().nullable(), path, change: placeChange, occurredAt })
  .strict();

export const HouseholdChangedV1 = z
  .object({
    id: z.string().uuid(),
    buildingId: z.string().uuid().nullable(),
    gridCode: z.string().nullable(),
    path,
    change: placeChange,
    occurredAt,
  })
  .strict();

export const ResidentChangedV1 = z
  .object({
    id: z.string().uuid(),
    householdId: z.string().uuid().nullable(),
    gridCode: z.string().nullable(),
    path,
    change: placeChange,
    occurredAt,
  })
  .strict();

/** A party-mass service centre (street) or station (community): where it is matters, not what it is called. */
export const SiteChangedV1 = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(['center', 'station']),
    unitCode: z.string().regex(/^[0-9]{9}([0-9]{3})?$/),
    path,
    /** moved: its point changed (the 15-minute service circle changes with it). */
    change: z.enum(['created', 'updated', 'moved']),
    occurredAt,
  })
  .strict();

export const registrySubjects = {
  unitChanged: defineSubject('registry.v1.unit-changed', UnitChangedV1),
  gridChanged: defineSubject('registry.v1.grid-changed', GridChangedV1),
  departmentChanged: defineSubject('registry.v1.department-changed', DepartmentChangedV1),
  buildingChanged: defineSubject('registry.v1.building-changed', BuildingChangedV1),
  householdChanged: defineSubject('registry.v1.household-changed', HouseholdChangedV1),
  residentChanged: defineSubject('registry.v1.resident-changed', ResidentChangedV1),
  siteChanged: defineSubject('registry.v1.site-changed', SiteChangedV1),
} as const;
