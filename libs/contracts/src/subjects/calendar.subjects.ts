import { z } from 'zod';
import { defineSubject } from './define-subject.js';

/**
 * The national working calendar (the State Council's holiday arrangement, year by year), owned by the case
 * service. Anything that counts working time (case deadlines, volunteer orders …) reacts to a change.
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CalendarYearChangedV1 = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** The version that counts now; 0 is the built-in one (which for a year the package lacks is none). */
    version: z.number().int().min(0),
    previousVersion: z.number().int().min(0),
    /** Raised by every change of any year: a consumer that saw a higher one already has this change. */
    generation: z.number().int().min(1),
    /** False when the year has no arrangement any more (weekends only). */
    loaded: z.boolean(),
    /** The year's days off, as named ranges including the weekend days inside them. */
    holidays: z.array(z.object({ name: z.string().min(1).max(40), from: day, to: day }).strict()),
    /** Adjusted working days (调休上班): weekend days that are worked. */
    workdays: z.array(z.object({ date: day, holiday: z.string().max(40).nullable() }).strict()),
    /** The case service's recompute of running deadlines, for progress. */
    recomputeJobId: z.string().uuid(),
    changedBy: z.string().min(1).max(200),
    occurredAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export const calendarSubjects = {
  yearChanged: defineSubject('calendar.v1.year-changed', CalendarYearChangedV1),
} as const;
