import type { Clock, ClockKey, TrackedEvent } from '../deadlines/clock-fold.js';

export const ASSESSMENT_LEVELS = ['department', 'street', 'community', 'grid'] as const;
export type AssessmentLevel = (typeof ASSESSMENT_LEVELS)[number];

export const COUNTERS = [
  'dispatched',
  'acceptedOnTime',
  'due',
  'resolved',
  'resolvedOnTime',
  'rated',
  'satisfied',
  'basicallySatisfied',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export interface ScoredUnit {
  level: AssessmentLevel;
  code: string;
  parent: string | null;
}

/** What one case adds to the daily counters: its units, the local day it was dispatched, its 0/1 counts. */
export interface Contribution {
  day: string;
  units: ScoredUnit[];
  counts: Counts;
}

export interface CaseFacts {
  events: readonly TrackedEvent[];
  clocks: ReadonlyMap<ClockKey, Clock>;
  unitPath: readonly string[];
  departmentCode: string | null;
  /** The local day (calendar zone) of an instant. */
  localDate: (at: Date) => string;
}

/**
 * One case's share of the scores, derived from its events and clocks (pure; refolded on every event and the
 * difference applied, so late, repeated or out-of-order events never count twice):
 * - dispatched: 1 once the case was dispatched; every count is booked on the day of the first dispatch;
 * - acceptedOnTime: the sign-off clock was met (accepted, or started, before the sign-off due time);
 * - due: the case was resolved, or its completion deadline passed (overdue or resolved late);
 * - resolved / resolvedOnTime: resolved, and resolved by the completion due time (extensions included);
 * - rated / satisfied / basicallySatisfied: the latest rating.
 * No contribution for cases never dispatched, merged into another, closed as duplicates, or ruled
 * unreasonable (closed with details.unreasonable = true and not reopened since).
 */
export function caseContribution(facts: CaseFacts): Contribution | null {
  const { events, clocks } = facts;
  const firstDispatch = events.find((e) => e.event === 'dispatched');
  if (!firstDispatch) return null;
  let excluded = false;
  let rating: string | null = null;
  let resolved = false;
  let completionOverdue = false;
  for (const event of events) {
    switch (event.event) {
      case 'closed':
        if (event.details.unreasonable === true || event.details.closeReason === 'duplicate') excluded = true;
        break;
      case 'merged':
        excluded = true;
        break;
      case 'reopened':
        excluded = false;
        break;
      case 'resolved':
        resolved = true;
        break;
      case 'rated':
        rating = typeof event.details.rating === 'string' ? event.details.rating : rating;
        break;
      case 'overdue':
        if (event.details.clock === 'completion') completionOverdue = true;
        break;
    }
  }
  if (excluded) return null;
  const signOff = clocks.get('sign_off');
  const completion = clocks.get('completion');
  const resolvedOnTime = resolved && completion?.state === 'met';
  const counts: Counts = {
    dispatched: 1,
    acceptedOnTime: signOff?.state === 'met' ? 1 : 0,
    due: resolved || completionOverdue || completion?.state === 'missed' ? 1 : 0,
    resolved: resolved ? 1 : 0,
    resolvedOnTime: resolvedOnTime ? 1 : 0,
    rated: rating ? 1 : 0,
    satisfied: rating === 'satisfied' ? 1 : 0,
    basicallySatisfied: rating === 'basically_satisfied' ? 1 : 0,
  };
  return { day: facts.localDate(firstDispatch.occurredAt), units: scoredUnits(facts), counts };
}

/** The case's department, street, community and grid, each with the unit it is ranked within. */
export function scoredUnits(facts: Pick<CaseFacts, 'unitPath' | 'departmentCode'>): ScoredUnit[] {
  const path = facts.unitPath;
  const district = path.find((code) => /^\d{6}$/.test(code)) ?? null;
  const street = path.find((code) => /^\d{9}$/.test(code)) ?? null;
  const community = path.find((code) => /^\d{12}$/.test(code)) ?? null;
  const grid = [...path].reverse().find((code) => code.includes('-')) ?? null;
  const units: ScoredUnit[] = [];
  if (facts.departmentCode) units.push({ level: 'department', code: facts.departmentCode, parent: district });
  if (street) units.push({ level: 'street', code: street, parent: district });
  if (community) units.push({ level: 'community', code: community, parent: street });
  if (grid) units.push({ level: 'grid', code: grid, parent: community });
  return units;
}

/** Counter deltas per (level, unit, day) to go from the old contribution to the new one. */
export function contributionDelta(
  before: Contribution | null,
  after: Contribution | null,
): Array<{ unit: ScoredUnit; day: string; delta: Counts }> {
  const rows = new Map<string, { unit: ScoredUnit; day: string; delta: Counts }>();
  const add = (contribution: Contribution | null, sign: 1 | -1) => {
    if (!contribution) return;
    for (const unit of contribution.units) {
      const key = `${unit.level}|${unit.code}|${contribution.day}`;
      let row = rows.get(key);
      if (!row) {
        row = { unit, day: contribution.day, delta: zeroCounts() };
        rows.set(key, row);
      }
      if (sign === 1) row.unit = unit;
      for (const counter of COUNTERS) row.delta[counter] += sign * contribution.counts[counter];
    }
  };
  add(before, -1);
  add(after, 1);
  return [...rows.values()].filter((row) => COUNTERS.some((counter) => row.delta[counter] !== 0));
}

export function zeroCounts(): Counts {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;
}
