/**
 * A year of the State Council's holiday arrangement (国务院办公厅关于 Y 年部分节假日安排的通知) as data:
 * the days off, as named date ranges that include the weekend days inside them, and the adjusted working
 * days (调休上班), weekend days that are worked. Days are local calendar days, YYYY-MM-DD.
 */
export interface HolidayRange {
  /** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 … */
  name: string;
  from: string;
  to: string;
}

export interface AdjustedWorkday {
  date: string;
  /** The holiday the day is worked for (春节 …), when the notice says. */
  holiday: string | null;
}

export interface CalendarYearData {
  year: number;
  holidays: HolidayRange[];
  workdays: AdjustedWorkday[];
}

export type DayKind = 'holiday' | 'workday';

export interface DayMark {
  kind: DayKind;
  name: string | null;
}

const DAY_MS = 86_400_000;

/** Every day of a range, both ends included. */
export function daysOf(range: { from: string; to: string }): string[] {
  const out: string[] = [];
  const last = Date.parse(`${range.to}T00:00:00Z`);
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= last; t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The marked days of one year's arrangement. */
export function marksOf(data: CalendarYearData): Map<string, DayMark> {
  const marks = new Map<string, DayMark>();
  for (const range of data.holidays) {
    for (const day of daysOf(range)) marks.set(day, { kind: 'holiday', name: range.name });
  }
  for (const workday of data.workdays) marks.set(workday.date, { kind: 'workday', name: workday.holiday });
  return marks;
}

/**
 * The national days off and adjusted working days of every year that has an arrangement, and which years
 * those are. A year without one is worked Monday to Friday, and deadlines that reach into it are flagged.
 */
export class NationalDays {
  private readonly marks = new Map<string, DayMark>();
  readonly years: ReadonlySet<number>;

  constructor(years: Iterable<CalendarYearData>) {
    const sorted = [...years].sort((a, b) => a.year - b.year);
    // In year order: a notice that reaches back into late December (元旦 2019) wins over the year before.
    for (const data of sorted) for (const [day, mark] of marksOf(data)) this.marks.set(day, mark);
    this.years = new Set(sorted.map((d) => d.year));
  }

  mark(day: string): DayMark | null {
    return this.marks.get(day) ?? null;
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }
}
