import { createRequire } from 'node:module';
import { NationalDays, type CalendarYearData } from './calendar-year.js';

/**
 * The State Council's arrangements as shipped by the `chinese-days` package (its data file: `holidays` are
 * days off including the weekend days inside a holiday, `workdays` the adjusted working weekend days). They
 * are every year's version 0: a year a city loads itself supersedes them. The package covers 2004 through
 * the latest year it has published (2026 in 1.5.7); a later year has no calendar until one is loaded.
 */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
const packageVersion = (require('chinese-days/package.json') as { version: string }).version;

/** Where version 0 of a year comes from, as shown to admins. */
export const BUILTIN_SOURCE = `chinese-days ${packageVersion}`;

/** The package abbreviates three names; the notices write them in full. */
const FULL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

function nameOf(entry: string): string {
  const name = entry.split(',')[1] ?? entry;
  return FULL_NAMES[name] ?? name;
}

/** The notice a day belongs to: a 元旦 day in December is in the next year's notice (as for 2019). */
function noticeYear(day: string, name: string): number {
  const year = Number(day.slice(0, 4));
  return name === '元旦' && day.slice(5, 7) === '12' ? year + 1 : year;
}

function buildYears(): Map<number, CalendarYearData> {
  const years = new Map<number, CalendarYearData>();
  const yearOf = (y: number) => {
    let found = years.get(y);
    if (!found) years.set(y, (found = { year: y, holidays: [], workdays: [] }));
    return found;
  };
  const nextDay = (day: string) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  for (const day of Object.keys(data.holidays).sort()) {
    const name = nameOf(data.holidays[day]);
    const target = yearOf(noticeYear(day, name));
    const last = target.holidays[target.holidays.length - 1];
    // Consecutive days of one name are one range, as the notice writes them.
    if (last && last.name === name && nextDay(last.to) === day) last.to = day;
    else target.holidays.push({ name, from: day, to: day });
  }
  for (const day of Object.keys(data.workdays).sort()) {
    const name = nameOf(data.workdays[day]);
    yearOf(noticeYear(day, name)).workdays.push({ date: day, holiday: name });
  }
  return years;
}

/** Version 0 of every year the package has, by year. */
export const builtinYears: ReadonlyMap<number, CalendarYearData> = buildYears();

/** The national days as the package has them, for calendars built without the database (tests, tools). */
export const builtinNationalDays = new NationalDays(builtinYears.values());

/** The first and last year the package has arrangements for. */
export const holidayDataYears: { first: number; last: number } = (() => {
  const years = [...builtinYears.keys()];
  return { first: Math.min(...years), last: Math.max(...years) };
})();

/** The built-in holiday name of a day off (e.g. 国庆节), or null. */
export function holidayName(day: string): string | null {
  const mark = builtinNationalDays.mark(day);
  return mark?.kind === 'holiday' ? mark.name : null;
}
