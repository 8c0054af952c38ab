import type { operations } from '../../api/generated/schema';

/** Response shapes of the calendar routes, from the gateway's OpenAPI document (never written by hand). */
type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer T } } ? T : never;

export type CalendarStatus = Json<'calendarCalendarStatus', 200>;
export type CalendarYears = Json<'calendarCalendarYears', 200>;
export type YearSummary = CalendarYears['items'][number];
export type CalendarYear = Json<'calendarCalendarYear', 200>;
export type CalendarVersions = Json<'calendarCalendarVersions', 200>;
export type DayChange = Json<'calendarCalendarDiff', 200>['items'][number];
export type LoadResult = Json<'calendarCalendarLoad', 201>;
export type ActivateResult = Json<'calendarCalendarActivate', 202>;
export type RecomputeJob = Json<'calendarCalendarJob', 200>;
