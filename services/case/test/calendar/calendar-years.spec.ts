import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { parse as parseYaml } from 'yaml';
import { diffYears } from '../../src/calendar/calendar-diff.js';
import { readCalendarDocument, validateCalendarDocument } from '../../src/calendar/calendar-document.js';
import { registerCalendarMetrics } from '../../src/calendar/calendar-metrics.js';
import { calendarWarning } from '../../src/calendar/calendar-warning.js';
import {
  NationalDays,
  WorkingCalendar,
  builtinYears,
  type CalendarYearData,
} from '../../src/calendar/index.js';
import { carriedFire } from '../../src/deadlines/case-track.service.js';
import { foldClocks, type Clock } from '../../src/deadlines/clock-fold.js';
import { DeadlinePolicy, deadlinePolicyConfigSchema } from '../../src/deadlines/deadline-policy.js';
import type { ClockRow } from '../../src/deadlines/deadline.repository.js';

const sh = (local: string) => new Date(`${local}+08:00`);
const exampleFile = readFileSync(new URL('../../calendar/2027.example.yaml', import.meta.url), 'utf8');
/** The shipped example with its `example` flag removed: placeholder days, valid in form. */
const sample2027 = (() => {
  const raw = parseYaml(exampleFile) as Record<string, unknown>;
  delete raw.example;
  return validateCalendarDocument(raw);
})();
const withYears = (...extra: CalendarYearData[]) =>
  new WorkingCalendar({ national: new NationalDays([...builtinYears.values(), ...extra]) });

describe('crossing 1 January 2027', () => {
  const policy = new DeadlinePolicy(
    deadlinePolicyConfigSchema.parse({
      priorities: { normal: { signOff: 8, response: 16, completion: 40 } },
    }),
  );
  const dispatched = [
    {
      event: 'dispatched',
      seq: 3,
      occurredAt: sh('2026-12-31T16:00:00'),
      category: 'street_light',
      priority: 'normal' as const,
      details: {},
    },
  ];

  it('without a 2027 calendar counts New Year’s Day as a working day and flags the deadline', () => {
    const calendar = withYears();
    // Thu 31 Dec 16:00 + 8 h: 2 h that day, then Fri 1 Jan 2027 09:00–12:00 and 13:30–16:30.
    expect(calendar.addWorkingHours(sh('2026-12-31T16:00:00'), 8)).toEqual(sh('2027-01-01T16:30:00'));
    expect(calendar.missingYears(sh('2026-12-31T16:00:00'), sh('2027-01-01T16:30:00'))).toEqual([2027]);
    const clocks = foldClocks(dispatched, { policy, calendar });
    expect(clocks.get('sign_off')).toMatchObject({ dueAt: sh('2027-01-01T16:30:00'), provisional: true });
  });

  it('with a loaded 2027 calendar skips the New Year holiday and is not provisional', () => {
    const calendar = withYears(sample2027);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    // 1–3 Jan off (Fri–Sun): the remaining 6 h fall on Mon 4 Jan.
    expect(calendar.addWorkingHours(sh('2026-12-31T16:00:00'), 8)).toEqual(sh('2027-01-04T16:30:00'));
    const clocks = foldClocks(dispatched, { policy, calendar });
    expect(clocks.get('sign_off')).toMatchObject({ dueAt: sh('2027-01-04T16:30:00'), provisional: false });
    // A clock entirely inside 2026 is never provisional, with or without 2027.
    const inside = foldClocks([{ ...dispatched[0], occurredAt: sh('2026-12-01T09:00:00') }], {
      policy,
      calendar: withYears(),
    });
    expect(inside.get('sign_off')!.provisional).toBe(false);
  });

  it('works an adjusted Saturday of the loaded year (调休上班)', () => {
    expect(withYears().isWorkingDay('2027-02-20')).toBe(false);
    expect(withYears(sample2027).isWorkingDay('2027-02-20')).toBe(true);
  });
});

describe('built-in years (version 0 from chinese-days)', () => {
  it('ends with 2026 and files late-December New Year days under the next year’s notice', () => {
    expect(Math.max(...builtinYears.keys())).toBe(2026);
    expect(builtinYears.has(2027)).toBe(false);
    const y2019 = builtinYears.get(2019)!;
    expect(y2019.holidays[0]).toEqual({ name: '元旦', from: '2018-12-30', to: '2019-01-01' });
    expect(y2019.workdays[0]).toEqual({ date: '2018-12-29', holiday: '元旦' });
    const y2026 = builtinYears.get(2026)!;
    expect(y2026.holidays.map((h) => h.name)).toEqual([
      '元旦',
      '春节',
      '清明节',
      '劳动节',
      '端午节',
      '中秋节',
      '国庆节',
    ]);
    expect(y2026.holidays[1]).toEqual({ name: '春节', from: '2026-02-15', to: '2026-02-23' });
    expect(y2026.workdays.map((w) => w.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });
});

describe('calendar documents', () => {
  const valid = {
    year: 2031,
    holidays: [
      { name: '元旦', from: '2031-01-01', to: '2031-01-01' },
      { name: '春节', from: '2031-01-22', to: '2031-01-28' },
    ],
    workdays: [{ date: '2031-01-19', holiday: '春节' }],
  };
  const problems = (doc: unknown) => {
    try {
      validateCalendarDocument(doc);
      return [];
    } catch (error) {
      const e = error as { code: string; kind: string; details: Array<{ field: string; message: string }> };
      return e.details.map((d) => `${e.kind} ${e.code} ${d.field}: ${d.message}`);
    }
  };

  it('accepts a valid year from JSON and from YAML, sorted by date', () => {
    expect(problems(valid)).toEqual([]);
    const fromJson = readCalendarDocument(
      JSON.stringify({ ...valid, holidays: [...valid.holidays].reverse() }),
    );
    expect(fromJson.holidays.map((h) => h.name)).toEqual(['元旦', '春节']);
    const yaml = [
      'year: 2031',
      'source: 国务院办公厅关于2031年部分节假日安排的通知',
      'holidays:',
      '  - { name: 元旦, from: 2031-01-01, to: 2031-01-01 }',
      'workdays: []',
    ].join('\n');
    expect(readCalendarDocument(yaml)).toEqual({
      year: 2031,
      source: '国务院办公厅关于2031年部分节假日安排的通知',
      holidays: [{ name: '元旦', from: '2031-01-01', to: '2031-01-01' }],
      workdays: [],
    });
  });

  it('names the field of every problem (400 calendar.invalid)', () => {
    const bad = {
      year: 2031,
      holidays: [
        { name: '元旦', from: '2030-12-31', to: '2031-01-01' }, // a New Year may start in late December
        { name: '春节', from: '2031-01-28', to: '2031-01-22' },
        { name: '清明节', from: '2032-04-04', to: '2032-04-06' },
        { name: '劳动节', from: '2031-05-01', to: '2031-05-20' },
        { name: '国庆节', from: '2031-10-01', to: '2031-10-07' },
        { name: '国庆节', from: '2031-10-07', to: '2031-10-08' },
      ],
      workdays: [
        { date: '2031-01-20', holiday: '春节' }, // a Monday
        { date: '2031-10-04' }, // inside National Day
        { date: '2031-09-28', holiday: '中秋节' }, // no such holiday in the document
        { date: '2031-09-28' },
      ],
    };
    expect(problems(bad)).toEqual([
      'invalid calendar.invalid document.holidays[1].to: must not be before from (2031-01-28)',
      'invalid calendar.invalid document.holidays[2].from: must fall in 2031 (a 元旦 holiday may start after 2030-12-25)',
      'invalid calendar.invalid document.holidays[2].to: must fall in 2031 (a 元旦 holiday may start after 2030-12-25)',
      'invalid calendar.invalid document.holidays[3]: 20 days off in one holiday is more than 14',
      'invalid calendar.invalid document.holidays[5]: overlaps holidays[4] (国庆节) on 2031-10-07',
      'invalid calendar.invalid document.workdays[0].date: 2031-01-20 is not a Saturday or Sunday: only a weekend day can be an adjusted working day (调休上班)',
      'invalid calendar.invalid document.workdays[1].date: 2031-10-04 is also a day off in holidays[4] (国庆节)',
      'invalid calendar.invalid document.workdays[2].holiday: names no holiday of this document (元旦, 春节, 清明节, 劳动节, 国庆节)',
      'invalid calendar.invalid document.workdays[3].date: 2031-09-28 is listed twice (workdays[2])',
    ]);
  });

  it('refuses wrong shapes, impossible days, a non-New-Year day in the December before, and the example', () => {
    expect(problems({ ...valid, year: '2031' })).toEqual([
      'invalid calendar.invalid document.year: Invalid input: expected number, received string',
    ]);
    expect(
      problems({ ...valid, holidays: [{ name: '春节', from: '2031-02-30', to: '2031-02-31' }] }),
    ).toEqual([
      'invalid calendar.invalid document.holidays[0].from: is not a calendar day',
      'invalid calendar.invalid document.holidays[0].to: is not a calendar day',
    ]);
    expect(
      problems({ ...valid, holidays: [{ name: '春节', from: '2030-12-30', to: '2031-01-02' }] }),
    ).toEqual([
      'invalid calendar.invalid document.holidays[0].from: must fall in 2031 (a 元旦 holiday may start after 2030-12-25)',
    ]);
    expect(problems({ ...valid, holidays: [], workdays: [] })).toEqual([
      'invalid calendar.invalid document.holidays: must list at least one holiday',
    ]);
    expect(problems({ ...valid, extra: 1 })[0]).toMatch(/^invalid calendar.invalid document: .*extra/);
    expect(() => readCalendarDocument(exampleFile)).toThrow(/example file/);
    expect(problems(parseYaml(exampleFile))).toEqual([
      'unprocessable calendar.example_document document.example: the example file cannot be loaded',
    ]);
    expect(() => readCalendarDocument('year: [2031')).toThrow(/not valid JSON or YAML/);
  });
});

describe('diff between versions', () => {
  it('lists the days that change, and everything against no calendar', () => {
    const before = sample2027;
    const after: CalendarYearData = {
      ...sample2027,
      holidays: sample2027.holidays.map((h) => (h.name === '清明节' ? { ...h, from: '2027-04-04' } : h)),
      workdays: [...sample2027.workdays, { date: '2027-04-10', holiday: '清明节' }],
    };
    expect(diffYears(before, after)).toEqual([
      { date: '2027-04-03', before: 'holiday', after: 'normal', beforeName: '清明节', afterName: null },
      { date: '2027-04-10', before: 'normal', after: 'workday', beforeName: null, afterName: '清明节' },
    ]);
    const all = diffYears(null, sample2027);
    expect(all).toHaveLength(33 + 4); // 33 days off, 4 adjusted working days
    expect(all[0]).toEqual({
      date: '2027-01-01',
      before: 'normal',
      after: 'holiday',
      beforeName: null,
      afterName: '元旦',
    });
  });
});

describe('the next-year warning (injected clock)', () => {
  const without2027 = (year: number) => year <= 2026;
  it('starts on 1 November local time, not on 31 October', () => {
    const lastOctober = calendarWarning(sh('2026-10-31T23:59:59'), without2027, 'Asia/Shanghai');
    expect(lastOctober).toEqual({
      nextYear: 2027,
      nextYearLoaded: false,
      nextYearMissing: false,
      warnFrom: '2026-11-01',
      daysUntilNextYear: 62,
    });
    // 16:00 UTC on 31 October is already 1 November in Shanghai.
    const firstNovember = calendarWarning(new Date('2026-10-31T16:00:00Z'), without2027, 'Asia/Shanghai');
    expect(firstNovember).toMatchObject({ nextYearMissing: true, daysUntilNextYear: 61 });
    expect(calendarWarning(sh('2026-12-03T10:00:00'), without2027, 'Asia/Shanghai')).toMatchObject({
      nextYearMissing: true,
      daysUntilNextYear: 29,
    });
    expect(calendarWarning(sh('2026-12-03T10:00:00'), () => true, 'Asia/Shanghai').nextYearMissing).toBe(
      false,
    );
    expect(
      calendarWarning(sh('2026-10-15T10:00:00'), without2027, 'Asia/Shanghai', '10-01').nextYearMissing,
    ).toBe(true);
  });

  it('is the gauge yiwang_calendar_next_year_missing, 0 on 31 October and 1 on 1 November', async () => {
    const registry = new Registry();
    let now = sh('2026-10-31T23:59:59');
    registerCalendarMetrics(
      {
        warning: () => calendarWarning(now, without2027, 'Asia/Shanghai'),
        provisionalClocks: async () => 7,
      },
      registry,
    );
    const value = async (name: string) => (await registry.getSingleMetric(name)!.get()).values[0].value;
    expect(await value('yiwang_calendar_next_year_missing')).toBe(0);
    expect(await value('yiwang_calendar_days_until_next_year')).toBe(62);
    now = sh('2026-11-01T00:00:00');
    expect(await value('yiwang_calendar_next_year_missing')).toBe(1);
    expect(await value('yiwang_calendar_provisional_clocks')).toBe(7);
    expect(await registry.metrics()).toMatch(/^yiwang_calendar_next_year_missing 1$/m);
  });
});

describe('what already fired survives a calendar change, not a new event', () => {
  const started = sh('2026-12-30T09:00:00');
  const oldDue = sh('2027-01-01T12:00:00');
  const newDue = sh('2027-01-04T12:00:00');
  const previous = {
    startedAt: started,
    dueAt: oldDue,
    warnedFor: oldDue,
    overdueFor: oldDue,
  } as ClockRow & {
    startedAt: Date;
  };
  const clock = { startedAt: started, dueAt: newDue } as Clock;

  it('keeps a fired warning and overdue for the moved due time on a calendar change', () => {
    expect(carriedFire(previous, clock, 'calendar')).toEqual({ warnedFor: newDue, overdueFor: newDue });
  });

  it('lets an extension (a new event) warn again, and a restarted clock start afresh', () => {
    expect(carriedFire(previous, clock, 'event')).toEqual({ warnedFor: oldDue, overdueFor: oldDue });
    expect(carriedFire(previous, { ...clock, startedAt: sh('2027-01-05T09:00:00') }, 'calendar')).toEqual({
      warnedFor: null,
      overdueFor: null,
    });
  });
});
