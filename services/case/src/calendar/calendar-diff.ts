import { marksOf, type CalendarYearData, type DayMark } from './calendar-year.js';

export type DayStatus = 'holiday' | 'workday' | 'normal';

/** One day whose status or holiday name differs between two versions of a year. */
export interface DayChange {
  date: string;
  before: DayStatus;
  after: DayStatus;
  beforeName: string | null;
  afterName: string | null;
}

/**
 * What changes, day by day, from one version of a year to another: days that become days off or working
 * days, and renamed holidays. `null` stands for no calendar (weekends only). Ordered by date.
 */
export function diffYears(before: CalendarYearData | null, after: CalendarYearData | null): DayChange[] {
  const a = before ? marksOf(before) : new Map<string, DayMark>();
  const b = after ? marksOf(after) : new Map<string, DayMark>();
  const changes: DayChange[] = [];
  for (const date of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(date);
    const y = b.get(date);
    const change: DayChange = {
      date,
      before: x?.kind ?? 'normal',
      after: y?.kind ?? 'normal',
      beforeName: x?.name ?? null,
      afterName: y?.name ?? null,
    };
    if (change.before !== change.after || change.beforeName !== change.afterName) changes.push(change);
  }
  return changes;
}
