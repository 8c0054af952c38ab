import { builtinNationalDays } from './builtin-years.js';
import type { NationalDays } from './calendar-year.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** No calendar search runs further than this: a configuration without any working time fails loudly. */
const MAX_DAYS = 366 * 30;

/** A working period of a day, in minutes after local midnight: [start, end). */
export interface WorkingPeriod {
  start: number;
  end: number;
}

export interface WorkingCalendarOptions {
  /** IANA zone the working hours are read in; Asia/Shanghai by default. */
  timeZone?: string;
  /** Working periods, e.g. "09:00-12:00,13:30-18:00" (the default). "00:00-24:00" is the whole day. */
  hours?: string;
  /** Local days (YYYY-MM-DD) off in addition to the State Council's (a city's own holidays). */
  extraHolidays?: readonly string[];
  /** Local days (YYYY-MM-DD) worked although weekend or holiday (a city's own adjusted working days). */
  extraWorkdays?: readonly string[];
  /** Every day is a working day (round-the-clock services; tests). Holidays and weekends are ignored. */
  everyDay?: boolean;
  /** The State Council's days by year: the active calendar versions; the built-in ones by default. */
  national?: NationalDays;
}

interface DayInfo {
  /** UTC instant of local midnight. */
  start: number;
  working: boolean;
}

export const DEFAULT_WORKING_HOURS = '09:00-12:00,13:30-18:00';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Parses "09:00-12:00,13:30-18:00" into sorted, non-overlapping periods; throws on anything else. */
export function parseWorkingHours(spec: string): WorkingPeriod[] {
  const periods = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(part);
      if (!match) throw new Error(`working hours "${part}" must look like 09:00-12:00`);
      const [h1, m1, h2, m2] = match.slice(1).map(Number);
      const start = h1 * 60 + m1;
      const end = h2 * 60 + m2;
      if (m1 > 59 || m2 > 59 || end > 24 * 60 || start >= end) {
        throw new Error(`working hours "${part}" are not a period within one day`);
      }
      return { start, end };
    })
    .sort((a, b) => a.start - b.start);
  if (periods.length === 0) throw new Error('working hours must list at least one period');
  for (let i = 1; i < periods.length; i++) {
    if (periods[i].start < periods[i - 1].end) throw new Error(`working hours "${spec}" overlap`);
  }
  return periods;
}

/**
 * Working-time arithmetic on the Chinese calendar: weekends and State Council holidays are off, adjusted
 * weekend working days (调休) are on, and a city may add its own days either way. Pure: no I/O, no clock.
 *
 * Time zones are resolved per day (the offset at local noon), which is exact for zones without daylight
 * saving such as Asia/Shanghai; in a zone with DST the transition day is off by the shift.
 */
export class WorkingCalendar {
  readonly timeZone: string;
  readonly periods: readonly WorkingPeriod[];
  /** Working milliseconds in one working day. */
  readonly dailyMs: number;
  private readonly extraHolidays: ReadonlySet<string>;
  private readonly extraWorkdays: ReadonlySet<string>;
  private readonly everyDay: boolean;
  private readonly national: NationalDays;
  private readonly periodsMs: ReadonlyArray<{ start: number; end: number }>;
  private readonly formatter: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly days = new Map<number, DayInfo>();

  constructor(options: WorkingCalendarOptions = {}) {
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.periods = parseWorkingHours(options.hours ?? DEFAULT_WORKING_HOURS);
    this.periodsMs = this.periods.map((p) => ({ start: p.start * MINUTE_MS, end: p.end * MINUTE_MS }));
    this.dailyMs = this.periodsMs.reduce((sum, p) => sum + p.end - p.start, 0);
    for (const day of [...(options.extraHolidays ?? []), ...(options.extraWorkdays ?? [])]) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`calendar day "${day}" must be YYYY-MM-DD`);
    }
    this.extraHolidays = new Set(options.extraHolidays ?? []);
    this.extraWorkdays = new Set(options.extraWorkdays ?? []);
    this.everyDay = options.everyDay ?? false;
    this.national = options.national ?? builtinNationalDays;
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: this.timeZone, // throws RangeError on an unknown zone
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Whether the local day (YYYY-MM-DD) is a working day. */
  isWorkingDay(day: string): boolean {
    if (this.everyDay) return true;
    if (this.extraWorkdays.has(day)) return true;
    if (this.extraHolidays.has(day)) return false;
    const mark = this.national.mark(day);
    if (mark) return mark.kind === 'workday';
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The years between two instants (local days, both included) that have no holiday arrangement: working
   * time there is Monday to Friday only, so a deadline reaching into one is provisional. Empty for a
   * round-the-clock calendar, which has no holidays to miss.
   */
  missingYears(from: Date, to: Date): number[] {
    if (this.everyDay) return [];
    const first = Number(this.localDate(from).slice(0, 4));
    const last = Number(this.localDate(to).slice(0, 4));
    const missing: number[] = [];
    for (let year = first; year <= last; year++) if (!this.national.covers(year)) missing.push(year);
    return missing;
  }

  /** Whether the instant falls inside a working period of a working day. */
  isWorkingTime(at: Date): boolean {
    const t = at.getTime();
    const info = this.dayInfo(this.localDay(t));
    if (!info.working) return false;
    const offset = t - info.start;
    return this.periodsMs.some((p) => offset >= p.start && offset < p.end);
  }

  /** The instant `hours` working hours after `from` (fractions allowed). A deadline that uses up a period
   * exactly ends at that period's end (12:00, not 13:30). Zero or less returns `from`. */
  addWorkingHours(from: Date, hours: number): Date {
    return this.addWorkingMs(from, Math.round(hours * HOUR_MS));
  }

  addWorkingMs(from: Date, ms: number): Date {
    let cursor = from.getTime();
    if (!(ms > 0)) return new Date(cursor);
    let remaining = ms;
    const first = this.localDay(cursor);
    for (let day = first; day < first + MAX_DAYS; day++) {
      const info = this.dayInfo(day);
      if (!info.working) continue;
      for (const period of this.periodsMs) {
        const end = info.start + period.end;
        if (cursor >= end) continue;
        const begin = Math.max(cursor, info.start + period.start);
        const available = end - begin;
        if (remaining <= available) return new Date(begin + remaining);
        remaining -= available;
        cursor = end;
      }
    }
    throw new Error(`no working time within ${MAX_DAYS} days of ${from.toISOString()}`);
  }

  /** Working milliseconds in [from, to); negative when `to` is before `from`. */
  workingMsBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b < a) return -this.workingMsBetween(to, from);
    let total = 0;
    const last = this.localDay(b);
    for (let day = this.localDay(a); day <= last; day++) {
      const info = this.dayInfo(day);
      if (!info.working) continue;
      for (const period of this.periodsMs) {
        const begin = Math.max(a, info.start + period.start);
        const end = Math.min(b, info.start + period.end);
        if (end > begin) total += end - begin;
      }
    }
    return total;
  }

  workingHoursBetween(from: Date, to: Date): number {
    return this.workingMsBetween(from, to) / HOUR_MS;
  }

  /** The local calendar day (YYYY-MM-DD) of an instant. */
  localDate(at: Date): string {
    return dayKey(this.localDay(at.getTime()));
  }

  /** Local day number (days since 1970-01-01 in the zone) of an instant. */
  private localDay(t: number): number {
    const utcDay = Math.floor(t / DAY_MS);
    // The offset of the UTC day is right except within |offset| of midnight; check the neighbour then.
    const guess = Math.floor((t + this.offsetOfDay(utcDay)) / DAY_MS);
    return Math.floor((t + this.offsetOfDay(guess)) / DAY_MS);
  }

  private dayInfo(day: number): DayInfo {
    let info = this.days.get(day);
    if (!info) {
      if (this.days.size > 20_000) this.days.clear();
      info = { start: day * DAY_MS - this.offsetOfDay(day), working: this.isWorkingDay(dayKey(day)) };
      this.days.set(day, info);
    }
    return info;
  }

  /** The zone's UTC offset in ms at local noon of the day. */
  private offsetOfDay(day: number): number {
    let offset = this.offsets.get(day);
    if (offset === undefined) {
      if (this.offsets.size > 20_000) this.offsets.clear();
      const noonUtc = day * DAY_MS + 12 * HOUR_MS;
      offset = this.offsetAt(noonUtc);
      // Noon UTC is local noon shifted by the offset; one correction makes it local noon's own offset.
      offset = this.offsetAt(noonUtc - offset);
      this.offsets.set(day, offset);
    }
    return offset;
  }

  private offsetAt(t: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(new Date(t))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return asUtc - (t - (((t % 1000) + 1000) % 1000));
  }
}

function dayKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
