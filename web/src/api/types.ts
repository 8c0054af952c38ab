/**
 * Response shapes. The gateway's OpenAPI document describes parameters and bodies (see generated/schema.d.ts)
 * but not yet every response, so these follow the registry and case protos (libs/contracts/proto) as the
 * gateway returns them (camelCase JSON). Fields the case lifecycle adds are optional until it lands.
 */
export interface Identity {
  subject: string;
  roles: string[];
  permissions: string[];
  scopePath: string | null;
  department: string | null;
  kind: 'user' | 'client';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Unit {
  code: string;
  name: string;
  level: string;
  kind: string;
  parentCode: string;
  path: string;
}

export interface UnitDetail {
  unit: Unit;
  ancestors: Unit[];
  counts: {
    children: number;
    streets: number;
    communities: number;
    grids: number;
    buildings: number;
    households: number;
    residents: number;
  };
}

export interface GridStaff {
  id: string;
  name: string;
  /** head | full_time | part_time */
  role: string;
  partTimeKind: string;
  phone: string;
  since: string;
  until: string;
}

export interface Grid {
  code: string;
  name: string;
  type: string;
  communityCode: string;
  parentGridCode: string;
  path: string;
  status: string;
  version: number;
  staff: GridStaff[];
  polygon?: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface GridType {
  type: string;
  nameZh: string;
  nameEn: string;
  minFullTime: number;
  minPartTime: number;
}

export interface StaffingReport {
  belowStandard: {
    gridCode: string;
    gridName: string;
    type: string;
    hasHead: boolean;
    fullTime: number;
    partTime: number;
    minFullTime: number;
    minPartTime: number;
  }[];
  gridsChecked: number;
}

export interface Building {
  id: string;
  name: string;
  communityCode: string;
  gridCode: string;
  lat: number;
  lng: number;
  entrances: number;
  floors: number;
}

export interface Household {
  id: string;
  householdNo: string;
  buildingId: string;
  entrance: string;
  room: string;
  address: string;
  gridCode: string;
}

export interface ResidentTag {
  tag: string;
  labelZh: string;
  labelEn: string;
  setBy: string;
  setAt: string;
  note: string;
}

export interface Resident {
  id: string;
  name: string;
  nameInitials: string;
  gender: string;
  age: number;
  birthDate: string;
  idNumber: string;
  phone: string;
  revealed: boolean;
  householdId: string;
  relation: string;
  gridCode: string;
  path: string;
  synthetic: boolean;
  tagsVisible: boolean;
  tags: ResidentTag[];
}

export const SPECIAL_POPULATION_TAGS = [
  'elderly_alone',
  'disabled',
  'low_income',
  'hardship',
  'left_behind_child',
  'veteran',
  'key_care',
] as const;

/** A registry CSV import job (POST /api/v1/registry/imports with the CSV as text/csv). */
export interface ImportJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  fileName: string;
  totalBytes: number;
  bytesRead: number;
  progress: number;
  rowsRead: number;
  rowsImported: number;
  rowsUnchanged: number;
  rowsFailed: number;
  errorsCount: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
  links: { self: string; errors: string };
}

/** One step of a case's timeline (GET /api/v1/cases/{id}). */
export interface CaseTransition {
  seq: number;
  action: string;
  event: string | null;
  fromState: string | null;
  toState: string;
  actorSubject: string;
  actorRole: string;
  actorUnitCode: string | null;
  actorDepartmentCode: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  occurredAt: string;
}

export interface Subtask {
  id: string;
  departmentCode: string;
  task: string;
  deadlineWorkingHours: number;
  state: string;
  result: string | null;
  completedAt: string | null;
}

export interface Attachment {
  id: string;
  caseId: string;
  name: string;
  type: string;
  size: number;
  createdAt: string;
}

export interface Case {
  id: string;
  state: string;
  title: string;
  description: string;
  category: string;
  channel: string;
  priority: string;
  unitCode: string;
  unitPath: string[];
  tier: string;
  tierUnitCode: string;
  departmentCode: string | null;
  pendingRequest: string | null;
  returnCount: number;
  reopenCount: number;
  result: string | null;
  rating: string | null;
  closeReason: string | null;
  overdue: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  location: { lat: number; lng: number } | null;
  /** The actions the case's state allows now (the gateway still checks the caller's permission). */
  allowedActions: string[];
}

export interface CaseDetail extends Case {
  timeline: CaseTransition[];
  subtasks: Subtask[];
  mergedFrom: string[];
}

export interface CaseCategory {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** One unit's (or department's) assessment counters and rates (GET /api/v1/assessment, …/rankings). */
export interface UnitAssessment {
  level: string;
  unit: string;
  parent: string;
  counts: {
    dispatched: number;
    acceptedOnTime: number;
    due: number;
    resolved: number;
    resolvedOnTime: number;
    rated: number;
    satisfied: number;
    basicallySatisfied: number;
  };
  /** Each 0..1, absent when its denominator is zero; score 0..100. */
  rates: {
    response?: number | null;
    resolution?: number | null;
    satisfaction?: number | null;
    onTime?: number | null;
    score?: number | null;
  };
  rank: number;
}

/** The list the gateway wraps a repeated field in (items), or the proto's own name. */
export function listOf<T>(body: unknown, ...names: string[]): T[] {
  const record = (body ?? {}) as Record<string, unknown>;
  for (const name of ['items', ...names]) if (Array.isArray(record[name])) return record[name] as T[];
  return Array.isArray(body) ? (body as T[]) : [];
}
