import {
  CalendarRegistry,
  WorkingCalendar,
  calendarConfigSchema,
  holidayDataYears,
  holidayName,
  parseWorkingHours,
} from '../../src/calendar/index.js';

/** Default calendar: 09:00–12:00 and 13:30–18:00 Asia/Shanghai, 7.5 working hours a day. */
const calendar = new WorkingCalendar();
const sh = (local: string) => new Date(`${local}+08:00`);

describe('chinese-days data', () => {
  it('covers 2025 with the National Day arrangement (Oct 1–8 off, Sept 28 and Oct 11 worked)', () => {
    expect(holidayDataYears.first).toBeLessThanOrEqual(2025);
    expect(holidayDataYears.last).toBeGreaterThanOrEqual(2026);
    for (const day of ['2025-10-01', '2025-10-03', '2025-10-06', '2025-10-08']) {
      expect(calendar.isWorkingDay(day)).toBe(false);
    }
    expect(holidayName('2025-10-01')).toBe('国庆节');
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休上班
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休上班
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false); // an ordinary Sunday
  });
});

describe('WorkingCalendar arithmetic', () => {
  it('carries a deadline across the National Day holiday', () => {
    // Tue 30 Sept 16:00 + 8 h: 2 h that day (16:00–18:00), Oct 1–8 off, then Thu 9 Oct 09:00–12:00 (3 h)
    // and 13:30–16:30 (3 h).
    expect(calendar.addWorkingHours(sh('2025-09-30T16:00:00'), 8)).toEqual(sh('2025-10-09T16:30:00'));
    // 40 h from Tue 30 Sept 09:00: 7.5 (30 Sept) + 7.5 (9 Oct) + 7.5 (10 Oct) + 7.5 (Sat 11 Oct, adjusted)
    // + 7.5 (Mon 13 Oct) = 37.5, then 2.5 h on Tue 14 Oct: 09:00–11:30.
    expect(calendar.addWorkingHours(sh('2025-09-30T09:00:00'), 40)).toEqual(sh('2025-10-14T11:30:00'));
  });

  it('works on the adjusted Saturday after the holiday and the adjusted Sunday before it', () => {
    // Fri 10 Oct 17:00 + 2 h: 1 h Friday, then Saturday 11 Oct (a working day) 09:00–10:00.
    expect(calendar.addWorkingHours(sh('2025-10-10T17:00:00'), 2)).toEqual(sh('2025-10-11T10:00:00'));
    // Fri 26 Sept 17:00 + 4 h: 1 h Friday, Saturday off, Sunday 28 Sept (worked) 09:00–12:00: ends at 12:00.
    expect(calendar.addWorkingHours(sh('2025-09-26T17:00:00'), 4)).toEqual(sh('2025-09-28T12:00:00'));
    expect(calendar.isWorkingTime(sh('2025-10-11T10:00:00'))).toBe(true);
    expect(calendar.isWorkingTime(sh('2025-10-04T10:00:00'))).toBe(false); // Saturday inside the holiday
  });

  it('counts working hours between two instants across the holiday', () => {
    expect(calendar.workingHoursBetween(sh('2025-09-30T09:00:00'), sh('2025-10-09T09:00:00'))).toBe(7.5);
    // 26 Sept, 28 Sept, 29 Sept, 30 Sept, 9 Oct, 10 Oct, 11 Oct: seven working days.
    expect(calendar.workingHoursBetween(sh('2025-09-26T09:00:00'), sh('2025-10-13T09:00:00'))).toBe(52.5);
    expect(calendar.workingHoursBetween(sh('2025-10-13T09:00:00'), sh('2025-09-26T09:00:00'))).toBe(-52.5);
  });

  it('skips weekends', () => {
    // Fri 14 Nov 2025 17:00 + 3 h: 1 h Friday, Mon 17 Nov 09:00–11:00.
    expect(calendar.addWorkingHours(sh('2025-11-14T17:00:00'), 3)).toEqual(sh('2025-11-17T11:00:00'));
    expect(calendar.workingHoursBetween(sh('2025-11-14T17:00:00'), sh('2025-11-17T11:00:00'))).toBe(3);
    expect(calendar.isWorkingTime(sh('2025-11-15T10:00:00'))).toBe(false);
    // Starting on a Sunday evening counts from Monday morning.
    expect(calendar.addWorkingHours(sh('2025-11-16T20:00:00'), 1)).toEqual(sh('2025-11-17T10:00:00'));
  });

  it('skips the lunch break', () => {
    expect(calendar.addWorkingHours(sh('2025-11-12T11:00:00'), 2)).toEqual(sh('2025-11-12T14:30:00'));
    expect(calendar.addWorkingHours(sh('2025-11-12T12:30:00'), 1)).toEqual(sh('2025-11-12T14:30:00'));
    expect(calendar.addWorkingHours(sh('2025-11-12T11:00:00'), 1)).toEqual(sh('2025-11-12T12:00:00'));
    expect(calendar.workingHoursBetween(sh('2025-11-12T11:00:00'), sh('2025-11-12T14:00:00'))).toBe(1.5);
    expect(calendar.isWorkingTime(sh('2025-11-12T12:30:00'))).toBe(false);
    expect(calendar.isWorkingTime(sh('2025-11-12T12:00:00'))).toBe(false); // periods are [start, end)
    expect(calendar.isWorkingTime(sh('2025-11-12T13:30:00'))).toBe(true);
    expect(calendar.isWorkingTime(sh('2025-11-12T08:59:59'))).toBe(false);
    expect(calendar.isWorkingTime(sh('2025-11-12T09:00:00'))).toBe(true);
    // 7.5 h from the start of a day is the end of that day; fractions of an hour work too.
    expect(calendar.addWorkingHours(sh('2025-11-12T09:00:00'), 7.5)).toEqual(sh('2025-11-12T18:00:00'));
    expect(calendar.addWorkingHours(sh('2025-11-12T09:00:00'), 0.25)).toEqual(sh('2025-11-12T09:15:00'));
    expect(calendar.addWorkingHours(sh('2025-11-12T21:00:00'), 0)).toEqual(sh('2025-11-12T21:00:00'));
  });

  it('reads working hours in the calendar zone, not the host zone', () => {
    // 01:00Z is 09:00 in Shanghai (working) and 01:00 in UTC (not).
    const instant = new Date('2025-11-12T01:00:00Z');
    expect(calendar.isWorkingTime(instant)).toBe(true);
    expect(new WorkingCalendar({ timeZone: 'UTC' }).isWorkingTime(instant)).toBe(false);
    // 16:30Z on 11 Nov is already 00:30 on 12 Nov in Shanghai.
    expect(calendar.localDate(new Date('2025-11-11T16:30:00Z'))).toBe('2025-11-12');
    // 23:00Z on 11 Nov = 07:00 Wed 12 Nov local: one hour later is 10:00 local = 02:00Z.
    expect(calendar.addWorkingHours(new Date('2025-11-11T23:00:00Z'), 1)).toEqual(
      new Date('2025-11-12T02:00:00Z'),
    );
    // Friday 17 Oct 2025 16:00Z is Saturday 00:00 in Shanghai: not working time, next is Mon 09:00 local.
    expect(calendar.addWorkingHours(new Date('2025-10-17T16:00:00Z'), 1)).toEqual(
      new Date('2025-10-20T02:00:00Z'),
    );
  });

  it('takes other working hours and a round-the-clock calendar', () => {
    const short = new WorkingCalendar({ hours: '08:30-12:00,14:30-17:30' });
    expect(short.dailyMs).toBe(6.5 * 3_600_000);
    expect(short.addWorkingHours(sh('2025-11-12T11:00:00'), 2)).toEqual(sh('2025-11-12T15:30:00'));
    const always = new WorkingCalendar({ hours: '00:00-24:00', everyDay: true });
    expect(always.addWorkingHours(sh('2025-10-01T10:00:00'), 30)).toEqual(sh('2025-10-02T16:00:00'));
    expect(() => parseWorkingHours('12:00-09:00')).toThrow();
    expect(() => parseWorkingHours('09:00-12:00,11:00-13:00')).toThrow();
    expect(() => new WorkingCalendar({ timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

describe('CalendarRegistry per-city overrides', () => {
  const registry = new CalendarRegistry(
    calendarConfigSchema.parse({
      cities: {
        '4401': { holidays: ['2025-11-12'], workdays: ['2025-11-15'] },
        '440106': { hours: '08:00-12:00' },
      },
    }),
  );

  it('uses the deepest configured unit on the path', () => {
    const guangzhou = registry.forUnitPath(['44', '4401', '440104']);
    expect(guangzhou.isWorkingDay('2025-11-12')).toBe(false);
    expect(guangzhou.isWorkingDay('2025-11-15')).toBe(true);
    // Wed 12 Nov off, so Tue 11 Nov 17:00 + 2 h ends Thu 13 Nov 10:00.
    expect(guangzhou.addWorkingHours(sh('2025-11-11T17:00:00'), 2)).toEqual(sh('2025-11-13T10:00:00'));
    const tianhe = registry.forUnitPath(['44', '4401', '440106', '440106001']);
    expect(tianhe.periods).toEqual([{ start: 480, end: 720 }]);
    expect(tianhe.isWorkingDay('2025-11-12')).toBe(true); // its own entry does not inherit the city's days
    const elsewhere = registry.forUnitPath(['11', '1101']);
    expect(elsewhere).toBe(registry.defaultCalendar);
    expect(elsewhere.isWorkingDay('2025-11-12')).toBe(true);
  });

  it('rejects bad configuration with a clear message', () => {
    expect(calendarConfigSchema.safeParse({ hours: '9-5' }).success).toBe(false);
    expect(calendarConfigSchema.safeParse({ cities: { '4401': { holidays: ['12 Nov'] } } }).success).toBe(
      false,
    );
  });
});
