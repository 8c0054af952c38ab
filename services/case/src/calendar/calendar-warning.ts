/**
 * From a day of year Y (1 November by default) until year Y+1 has a calendar, admins are warned: deadlines
 * that reach into Y+1 count its holidays as working days. Pure: the caller passes the clock.
 */
export interface CalendarWarning {
  /** The year after the current local one. */
  nextYear: number;
  /** Whether the next year has an arrangement (built-in or loaded). */
  nextYearLoaded: boolean;
  /** Whether admins are warned now: the warning period has begun and the next year has none. */
  nextYearMissing: boolean;
  /** The first local day of the warning period (YYYY-MM-DD). */
  warnFrom: string;
  /** Whole local days from today until 1 January of the next year. */
  daysUntilNextYear: number;
}

export const DEFAULT_WARN_FROM = '11-01';

export function calendarWarning(
  now: Date,
  covers: (year: number) => boolean,
  timeZone: string,
  warnFrom: string = DEFAULT_WARN_FROM,
): CalendarWarning {
  const today = localDay(now, timeZone);
  const year = Number(today.slice(0, 4));
  const nextYear = year + 1;
  const nextYearLoaded = covers(nextYear);
  const from = `${year}-${warnFrom}`;
  const daysUntilNextYear = Math.round(
    (Date.parse(`${nextYear}-01-01T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
  return {
    nextYear,
    nextYearLoaded,
    nextYearMissing: !nextYearLoaded && today >= from,
    warnFrom: from,
    daysUntilNextYear,
  };
}

/** The local calendar day of an instant in a zone, YYYY-MM-DD. */
export function localDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
