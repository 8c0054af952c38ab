/**
 * Names for the API's answers. Every one is generated from the gateway's OpenAPI document
 * (generated/schema.d.ts, `npm run gen:api -w web`): none is written by hand, so a change to an answer
 * reaches the UI's type check.
 */
import type { components } from './generated/schema';

type Schemas = components['schemas'];

export type Identity = Schemas['Identity'];
export type Unit = Schemas['Unit'];
export type UnitDetail = Schemas['UnitDetail'];
export type Department = Schemas['Department'];
export type Grid = Schemas['Grid'];
export type GridStaff = Schemas['GridStaff'];
export type GridType = Schemas['GridType'];
export type StaffingReport = Schemas['StaffingReport'];
export type Building = Schemas['Building'];
export type Household = Schemas['Household'];
export type Resident = Schemas['Resident'];
export type ResidentTag = Schemas['ResidentTag'];
export type ImportJob = Schemas['ImportJob'];
export type Case = Schemas['Case'];
export type CaseDetail = Schemas['CaseDetail'];
export type CaseTransition = Schemas['CaseTransition'];
export type Subtask = Schemas['Subtask'];
export type Attachment = Schemas['Attachment'];
export type CaseCategory = Schemas['CaseCategory'];
export type UnitAssessment = Schemas['UnitAssessment'];
export type SupervisionCard = Schemas['SupervisionCard'];
export type CaseClock = Schemas['CaseClock'];
export type CaseCounts = Schemas['CaseCounts'];
export type CaseLoad = Schemas['CaseLoad'];

/** The shape of every keyset-paged answer (`items` and the next page's cursor, null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Every item matching the filters, on lists that count when asked (`withTotal=true`). */
  total?: number;
}
