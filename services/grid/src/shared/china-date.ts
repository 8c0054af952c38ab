// China has had no daylight saving time since 1991, so a fixed offset gives the local calendar date.
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date in China (`YYYY-MM-DD`): residence history is kept in local calendar days. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Whole years from `birthDate` to `today` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
