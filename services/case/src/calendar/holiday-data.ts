import { createRequire } from 'node:module';

/**
 * State Council holiday arrangements from the `chinese-days` package (its published data file:
 * `holidays` are days off including the weekend days inside a holiday, `workdays` are the adjusted working
 * weekend days 调休上班). The package covers 2004 through the latest published year (2026 in 1.5.7); later
 * years fall back to plain Monday–Friday until the package is updated, which `holidayDataYears` exposes.
 */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;

export const officialHolidays: ReadonlySet<string> = new Set(Object.keys(data.holidays));
export const officialWorkdays: ReadonlySet<string> = new Set(Object.keys(data.workdays));

/** The first and last year the package has arrangements for. */
export const holidayDataYears: { first: number; last: number } = (() => {
  const years = [...officialHolidays].map((day) => Number(day.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
})();

/** The holiday's Chinese name for a day off (e.g. 国庆节), or null. */
export function holidayName(day: string): string | null {
  const entry = data.holidays[day];
  return entry ? (entry.split(',')[1] ?? entry) : null;
}
