const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a day that exists on the calendar, written YYYY-MM-DD. `Date.parse` is not enough: it reads
 * 2025-02-29 and 2026-02-30 as days in March, and PostgreSQL then refuses them (a 500 instead of a 400).
 */
export function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}
