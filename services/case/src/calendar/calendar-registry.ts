import { z } from 'zod';
import type { NationalDays } from './calendar-year.js';
import {
  DEFAULT_TIME_ZONE,
  DEFAULT_WORKING_HOURS,
  WorkingCalendar,
  parseWorkingHours,
  type WorkingCalendarOptions,
} from './working-calendar.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const hours = z.string().refine(
  (value) => {
    try {
      parseWorkingHours(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'working hours like 09:00-12:00,13:30-18:00' },
);
const timeZone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone such as Asia/Shanghai' },
);

const cityCalendar = z
  .object({
    timeZone: timeZone.optional(),
    hours: hours.optional(),
    holidays: z.array(day).default([]),
    workdays: z.array(day).default([]),
    everyDay: z.boolean().optional(),
  })
  .strict();

/**
 * `CASE_CALENDAR` (JSON): the default working hours and zone, and per-city overrides keyed by a division
 * code on the case's unit path (e.g. "4401" for Guangzhou, or a district "440106"); the longest matching
 * code wins. Cities inherit the defaults they do not set.
 */
export const calendarConfigSchema = z
  .object({
    timeZone: timeZone.default(DEFAULT_TIME_ZONE),
    hours: hours.default(DEFAULT_WORKING_HOURS),
    everyDay: z.boolean().default(false),
    cities: z.record(z.string().regex(/^[0-9]{2,12}$/, 'a division code'), cityCalendar).default({}),
  })
  .strict();

export type CalendarConfig = z.infer<typeof calendarConfigSchema>;

/**
 * One calendar per configured city, and the default calendar for the rest, all on the same national days
 * (the built-in ones unless the active calendar versions are given).
 */
export class CalendarRegistry {
  readonly defaultCalendar: WorkingCalendar;
  readonly timeZone: string;
  private readonly cities = new Map<string, WorkingCalendar>();

  constructor(config: CalendarConfig = calendarConfigSchema.parse({}), national?: NationalDays) {
    const base: WorkingCalendarOptions = {
      timeZone: config.timeZone,
      hours: config.hours,
      everyDay: config.everyDay,
      national,
    };
    this.timeZone = config.timeZone;
    this.defaultCalendar = new WorkingCalendar(base);
    for (const [code, city] of Object.entries(config.cities)) {
      this.cities.set(
        code,
        new WorkingCalendar({
          timeZone: city.timeZone ?? base.timeZone,
          hours: city.hours ?? base.hours,
          everyDay: city.everyDay ?? base.everyDay,
          extraHolidays: city.holidays,
          extraWorkdays: city.workdays,
          national,
        }),
      );
    }
  }

  /** The calendar of the deepest configured unit on the path (root → leaf), else the default. */
  forUnitPath(unitPath: readonly string[]): WorkingCalendar {
    for (let i = unitPath.length - 1; i >= 0; i--) {
      const found = this.cities.get(unitPath[i]);
      if (found) return found;
    }
    return this.defaultCalendar;
  }
}
