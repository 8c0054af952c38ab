import type { caseCalendarV1 as v1 } from '@yiwang/contracts';
import { z } from 'zod';
import { named } from '../openapi/api-route.decorator.js';

/** Request and response shapes of the calendar routes: validation and the OpenAPI document in one place. */
const year = z.coerce.number().int().min(2000).max(2100);
const day = z.string().describe('Local day YYYY-MM-DD');

export const yearParams = z.object({ year }).strict();
export const versionParams = z.object({ year, version: z.coerce.number().int().min(0) }).strict();
export const jobParams = z.object({ id: z.string().uuid() }).strict();
export const yearQuery = z
  .object({ version: z.coerce.number().int().min(0).optional().describe('Absent: the active version') })
  .strict();
export const diffQuery = z
  .object({
    from: z.coerce.number().int().min(0).describe('Version to compare from (0: built-in)'),
    to: z.coerce.number().int().min(0).describe('Version to compare to'),
  })
  .strict();
export const loadBody = z
  .object({
    document: z
      .string()
      .min(1)
      .max(100_000)
      .describe('The year as JSON or YAML (services/case/CALENDAR.md): year, source, holidays, workdays'),
    reason: z.string().trim().min(1).max(500).describe('Why: the notice, or what this version corrects'),
    activate: z.boolean().default(false).describe('Make it the version that counts at once'),
  })
  .strict();
export const activateBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

const holiday = z.strictObject({ name: z.string(), from: day, to: day });
const workday = z.strictObject({ date: day, holiday: z.string().nullable() });
export const statusSchema = named(
  'CalendarStatus',
  z.strictObject({
    today: day,
    nextYear: z.number().int(),
    nextYearLoaded: z.boolean(),
    nextYearMissing: z.boolean().describe('From warnFrom on, while the next year has no arrangement'),
    warnFrom: day,
    daysUntilNextYear: z.number().int(),
    provisionalClocks: z.number().int().describe('Running deadlines reaching into a year without one'),
    generation: z.number().int(),
  }),
);
export const yearSummary = named(
  'CalendarYearSummary',
  z.strictObject({
    year: z.number().int(),
    activeVersion: z.number().int(),
    status: z.enum(['builtin', 'loaded', 'missing']),
    versions: z.number().int(),
    latestVersion: z.number().int(),
    holidayDays: z.number().int(),
    workdays: z.number().int(),
    activatedAt: z.string().nullable(),
    activatedByName: z.string().nullable(),
  }),
);
export const calendarYear = named(
  'CalendarYear',
  z.strictObject({
    year: z.number().int(),
    version: z.number().int(),
    active: z.boolean(),
    loaded: z.boolean().describe('False: no arrangement, weekends only'),
    origin: z.enum(['builtin', 'loaded']),
    source: z.string().nullable(),
    reason: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdByName: z.string().nullable(),
    createdAt: z.string().nullable(),
    holidayDays: z.number().int(),
    holidays: z.array(holiday),
    workdays: z.array(workday),
  }),
);
export const activation = named(
  'CalendarActivation',
  z.strictObject({
    version: z.number().int(),
    previousVersion: z.number().int(),
    reason: z.string(),
    activatedBy: z.string(),
    activatedByName: z.string().nullable(),
    activatedAt: z.string(),
    generation: z.number().int(),
  }),
);
export const recomputeJob = named(
  'CalendarRecomputeJob',
  z.strictObject({
    id: z.string().uuid(),
    year: z.number().int(),
    generation: z.number().int(),
    state: z.enum(['pending', 'running', 'done', 'failed', 'superseded']),
    total: z.number().int(),
    done: z.number().int(),
    changed: z.number().int().describe('Cases whose due times moved'),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
  }),
);
export const dayChange = named(
  'CalendarDayChange',
  z.strictObject({
    date: day,
    before: z.enum(['holiday', 'workday', 'normal']),
    after: z.enum(['holiday', 'workday', 'normal']),
    beforeName: z.string().nullable(),
    afterName: z.string().nullable(),
  }),
);

const orNull = (value: string | undefined) => value || null;

export function presentYear(y: v1.CalendarYear): z.input<typeof calendarYear> {
  return {
    year: y.year,
    version: y.version,
    active: y.active,
    loaded: y.loaded,
    origin: y.origin as z.input<typeof calendarYear>['origin'],
    source: orNull(y.source),
    reason: orNull(y.reason),
    createdBy: orNull(y.createdBy),
    createdByName: orNull(y.createdByName),
    createdAt: orNull(y.createdAt),
    holidayDays: y.holidayDays,
    holidays: y.holidays ?? [],
    workdays: (y.workdays ?? []).map((w) => ({ date: w.date, holiday: orNull(w.holiday) })),
  };
}

export function presentSummary(y: v1.YearSummary): z.input<typeof yearSummary> {
  return {
    ...y,
    status: y.status as z.input<typeof yearSummary>['status'],
    activatedAt: orNull(y.activatedAt),
    activatedByName: orNull(y.activatedByName),
  };
}

export function presentActivation(a: v1.Activation): z.input<typeof activation> {
  return { ...a, activatedByName: orNull(a.activatedByName) };
}

export function presentJob(j: v1.RecomputeJob): z.input<typeof recomputeJob> {
  return {
    ...j,
    state: j.state as z.input<typeof recomputeJob>['state'],
    startedAt: orNull(j.startedAt),
    finishedAt: orNull(j.finishedAt),
    error: orNull(j.error),
  };
}

export function presentChange(c: v1.DayChange): z.input<typeof dayChange> {
  type Kind = z.input<typeof dayChange>['before'];
  return {
    ...c,
    before: c.before as Kind,
    after: c.after as Kind,
    beforeName: orNull(c.beforeName),
    afterName: orNull(c.afterName),
  };
}
