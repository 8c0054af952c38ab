import type { ErrorDetail } from '@yiwang/platform';
import { parseText } from '../shared/text-input.js';

// Checks on service-site input (党群服务中心/站) and the weekly opening hours. Reasons never echo free
// text the caller sent; times are echoed only once they are known to be well-formed.

/** A centre (中心) serves a street or town, a station (站) a village or community. */
export const SITE_KINDS = { center: 'street', station: 'community' } as const;
export type SiteKind = keyof typeof SITE_KINDS;

/** What a site offers. Stored by code; the demo and older clients may send the Chinese label. */
export const SITE_FUNCTIONS = [
  { code: 'party_activities', zh: '党员活动', en: 'Party member activities' },
  { code: 'government_services', zh: '政务服务', en: 'Government services' },
  { code: 'elderly_care', zh: '养老服务', en: 'Elderly care' },
  { code: 'social_assistance', zh: '社会救助', en: 'Social assistance' },
  { code: 'deliberation', zh: '议事协商', en: 'Deliberation and consultation' },
  { code: 'convenience_services', zh: '便民服务', en: 'Convenience services' },
  { code: 'legal_aid', zh: '法律援助', en: 'Legal aid' },
  { code: 'medical', zh: '卫生服务', en: 'Medical and health services' },
  { code: 'child_care', zh: '儿童关爱', en: 'Child care' },
  { code: 'employment', zh: '就业服务', en: 'Employment services' },
  { code: 'culture_sports', zh: '文体活动', en: 'Culture and sports' },
  { code: 'volunteer_services', zh: '志愿服务', en: 'Volunteer services' },
] as const;
export type SiteFunction = (typeof SITE_FUNCTIONS)[number];

/** The catalogue entry for a stored or submitted value (code or Chinese label), or null. */
export function siteFunction(value: string): SiteFunction | null {
  return SITE_FUNCTIONS.find((f) => f.code === value || f.zh === value) ?? null;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Weekly hours in China time: ranges [start, end) per day, sorted; a day without ranges is closed. */
export type OpeningHours = Partial<Record<Weekday, [string, string][]>>;

const START = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const END = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;
const MAX_RANGES_PER_DAY = 8;

function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * Validates weekly hours: days mon…sun, each a list of ["HH:MM", "HH:MM"] ranges with start < end
 * ("24:00" may end a day; no range runs past midnight) and no two ranges of a day overlapping (one may
 * start where another ends). Returns the hours with each day's ranges sorted and closed days left out.
 */
export function parseOpeningHours(
  value: unknown,
  field = 'openingHours',
): { hours: OpeningHours; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  const hours: OpeningHours = {};
  if (value === null || value === undefined) return { hours, details };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { hours, details: [{ field, message: 'must map days (mon … sun) to lists of time ranges' }] };
  }
  for (const [day, ranges] of Object.entries(value as Record<string, unknown>)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      details.push({ field, message: `days are ${WEEKDAYS.join(', ')}` });
      continue;
    }
    const at = `${field}.${day}`;
    if (!Array.isArray(ranges)) {
      details.push({ field: at, message: 'must be a list of ["HH:MM", "HH:MM"] ranges' });
      continue;
    }
    if (ranges.length > MAX_RANGES_PER_DAY) {
      details.push({ field: at, message: `at most ${MAX_RANGES_PER_DAY} ranges a day` });
      continue;
    }
    const parsed: [string, string][] = [];
    ranges.forEach((range: unknown, i) => {
      const [start, end] = Array.isArray(range) && range.length === 2 ? range : [null, null];
      if (typeof start !== 'string' || typeof end !== 'string' || !START.test(start) || !END.test(end)) {
        details.push({ field: `${at}[${i}]`, message: 'must be ["HH:MM", "HH:MM"] (00:00 to 24:00)' });
      } else if (minutes(start) >= minutes(end)) {
        details.push({ field: `${at}[${i}]`, message: `${start}–${end} must end after it starts` });
      } else {
        parsed.push([start, end]);
      }
    });
    parsed.sort((a, b) => minutes(a[0]) - minutes(b[0]) || minutes(a[1]) - minutes(b[1]));
    for (let i = 1; i < parsed.length; i++) {
      const [prev, next] = [parsed[i - 1], parsed[i]];
      if (minutes(next[0]) < minutes(prev[1])) {
        details.push({ field: at, message: `${prev[0]}–${prev[1]} and ${next[0]}–${next[1]} overlap` });
      }
    }
    if (parsed.length > 0) hours[day as Weekday] = parsed;
  }
  return { hours, details };
}

// China has had no daylight saving time since 1991: local time is UTC+8 all year.
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_OF_UTC_WEEKDAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Whether the site is open at `at`, read on the China clock (day of week and time of day in UTC+8). */
export function openNow(site: { openingHours: OpeningHours }, at: Date = new Date()): boolean {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  const day = DAY_OF_UTC_WEEKDAY[local.getUTCDay()];
  const now = local.getUTCHours() * 60 + local.getUTCMinutes();
  return (site.openingHours[day] ?? []).some(([start, end]) => minutes(start) <= now && now < minutes(end));
}

/** Site name or address: trimmed text, no control characters. */
export function siteText(
  field: string,
  value: unknown,
  max: number,
  details: ErrorDetail[],
  optional = false,
): string {
  if (optional && (value === undefined || value === null || value === '')) return '';
  const parsed = parseText(value, max);
  if (!parsed.ok) details.push({ field, message: parsed.reason });
  return parsed.ok ? parsed.value : '';
}

/** WGS-84 inside China's bounding box; a (0, 0) left by a client default is refused. */
export function siteCoordinates(
  lat: unknown,
  lng: unknown,
  details: ErrorDetail[],
): { lat: number; lng: number } {
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < 3 || lat > 54) {
    details.push({ field: 'lat', message: 'must be a latitude in China (3 to 54)' });
  }
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < 73 || lng > 136) {
    details.push({ field: 'lng', message: 'must be a longitude in China (73 to 136)' });
  }
  return { lat: lat as number, lng: lng as number };
}

/** Function codes (or Chinese labels) from the catalogue, deduplicated, stored as codes in catalogue order. */
export function siteFunctions(value: unknown, details: ErrorDetail[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    details.push({ field: 'functions', message: 'must be a list of function codes' });
    return [];
  }
  const codes = new Set<string>();
  value.forEach((v: unknown, i) => {
    const found = typeof v === 'string' ? siteFunction(v.trim()) : null;
    if (found) codes.add(found.code);
    else
      details.push({
        field: `functions[${i}]`,
        message: `is not in the catalogue (${SITE_FUNCTIONS.map((f) => f.code).join(', ')})`,
      });
  });
  return SITE_FUNCTIONS.filter((f) => codes.has(f.code)).map((f) => f.code);
}
