import { DomainError, type ErrorDetail } from '@yiwang/platform';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { daysOf, weekdayOf, type CalendarYearData } from './calendar-year.js';

/**
 * The file a city loads: one year of the State Council's notice transcribed as JSON or YAML (see
 * services/case/CALENDAR.md and calendar/examples/). Errors name the field inside the document
 * (`document.holidays[2].to`), so a 400 points at the line to fix.
 */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && isRealDay(v), 'is not a calendar day');

export const calendarDocumentSchema = z
  .object({
    /** Set in the shipped example file; the loader refuses it, so placeholder dates never count. */
    example: z.boolean().optional(),
    year: z.number().int().min(2000).max(2100),
    /** The notice: its title, document number (国办发明电〔…〕…号) or address. */
    source: z.string().trim().min(1).max(300).optional(),
    holidays: z
      .array(z.object({ name: z.string().trim().min(1).max(40), from: day, to: day }).strict())
      .min(1, 'must list at least one holiday')
      .max(20),
    workdays: z
      .array(z.object({ date: day, holiday: z.string().trim().min(1).max(40).optional() }).strict())
      .max(20)
      .default([]),
  })
  .strict();

export type CalendarDocument = z.infer<typeof calendarDocumentSchema>;

/** The longest single holiday a notice plausibly gives (the 2020 Spring Festival, extended, was 10 days). */
export const MAX_HOLIDAY_DAYS = 14;
/** Days off a year's notice plausibly gives in all, weekends inside the holidays included (about 30). */
export const MAX_HOLIDAY_DAYS_PER_YEAR = 45;
/** A 元旦 holiday may start in the last days of the year before (the 2019 notice: 30 Dec 2018). */
const NEW_YEAR = '元旦';
const NEW_YEAR_SPILL_FROM = '12-25';

const PREFIX = 'document';

export class CalendarDocumentError extends DomainError {
  constructor(message: string, details: readonly ErrorDetail[]) {
    super('invalid', 'calendar.invalid', message, details);
  }
}

/** Reads a document from text: JSON when it starts with `{`, YAML otherwise. */
export function readCalendarDocument(text: string): CalendarYearData & { source: string | null } {
  let raw: unknown;
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed)
    throw new CalendarDocumentError('The calendar document is empty', [
      { field: PREFIX, message: 'is empty' },
    ]);
  try {
    raw = trimmed.startsWith('{') ? JSON.parse(trimmed) : parseYaml(trimmed);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DomainError(
      'invalid',
      'calendar.unreadable',
      'The calendar document is not valid JSON or YAML',
      [{ field: PREFIX, message }],
    );
  }
  return validateCalendarDocument(raw);
}

/** Checks a parsed document's shape and its days; throws CalendarDocumentError listing every problem. */
export function validateCalendarDocument(raw: unknown): CalendarYearData & { source: string | null } {
  const parsed = calendarDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CalendarDocumentError(
      'The calendar document does not have the expected fields',
      parsed.error.issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message })),
    );
  }
  const doc = parsed.data;
  if (doc.example) {
    throw new DomainError(
      'unprocessable',
      'calendar.example_document',
      'This is the example file: its dates are placeholders. Transcribe the notice and remove `example`',
      [{ field: fieldOf(['example']), message: 'the example file cannot be loaded' }],
    );
  }
  const problems = checkDays(doc);
  if (problems.length > 0) {
    throw new CalendarDocumentError(`The ${doc.year} calendar has ${problems.length} problem(s)`, problems);
  }
  return {
    year: doc.year,
    source: doc.source ?? null,
    holidays: doc.holidays
      .map((h) => ({ name: h.name, from: h.from, to: h.to }))
      .sort((a, b) => a.from.localeCompare(b.from)),
    workdays: doc.workdays
      .map((w) => ({ date: w.date, holiday: w.holiday ?? null }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  };
}

function checkDays(doc: CalendarDocument): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const problem = (path: Array<string | number>, message: string) =>
    problems.push({ field: fieldOf(path), message });
  const inYear = (value: string, name: string | undefined) =>
    value.startsWith(`${doc.year}-`) ||
    (name === NEW_YEAR && value >= `${doc.year - 1}-${NEW_YEAR_SPILL_FROM}` && value < `${doc.year}-01-01`);
  const outside = `must fall in ${doc.year} (a 元旦 holiday may start after ${doc.year - 1}-${NEW_YEAR_SPILL_FROM})`;

  const offDays = new Map<string, number>();
  let total = 0;
  doc.holidays.forEach((holiday, i) => {
    if (!inYear(holiday.from, holiday.name)) problem(['holidays', i, 'from'], outside);
    if (!inYear(holiday.to, holiday.name)) problem(['holidays', i, 'to'], outside);
    if (holiday.from > holiday.to) {
      problem(['holidays', i, 'to'], `must not be before from (${holiday.from})`);
      return;
    }
    const days = daysOf(holiday);
    if (days.length > MAX_HOLIDAY_DAYS) {
      problem(['holidays', i], `${days.length} days off in one holiday is more than ${MAX_HOLIDAY_DAYS}`);
      return;
    }
    total += days.length;
    for (const d of days) {
      const other = offDays.get(d);
      if (other !== undefined) {
        problem(['holidays', i], `overlaps holidays[${other}] (${doc.holidays[other].name}) on ${d}`);
        break;
      }
      offDays.set(d, i);
    }
  });
  if (total > MAX_HOLIDAY_DAYS_PER_YEAR) {
    problem(['holidays'], `${total} days off in a year is more than ${MAX_HOLIDAY_DAYS_PER_YEAR}`);
  }

  const names = new Set(doc.holidays.map((h) => h.name));
  const worked = new Map<string, number>();
  doc.workdays.forEach((workday, i) => {
    const holiday = workday.holiday;
    if (!inYear(workday.date, holiday)) problem(['workdays', i, 'date'], outside);
    const weekday = weekdayOf(workday.date);
    if (weekday !== 0 && weekday !== 6) {
      problem(
        ['workdays', i, 'date'],
        `${workday.date} is not a Saturday or Sunday: only a weekend day can be an adjusted working day (调休上班)`,
      );
    }
    const off = offDays.get(workday.date);
    if (off !== undefined) {
      problem(
        ['workdays', i, 'date'],
        `${workday.date} is also a day off in holidays[${off}] (${doc.holidays[off].name})`,
      );
    }
    const again = worked.get(workday.date);
    if (again !== undefined)
      problem(['workdays', i, 'date'], `${workday.date} is listed twice (workdays[${again}])`);
    worked.set(workday.date, i);
    if (holiday !== undefined && !names.has(holiday)) {
      problem(['workdays', i, 'holiday'], `names no holiday of this document (${[...names].join(', ')})`);
    }
  });
  return problems;
}

function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  let out = PREFIX;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}

function isRealDay(value: string): boolean {
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}
