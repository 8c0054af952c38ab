import { type ParseResult } from './parse-result.js';
import { pickIndex, type Random } from './random.js';

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Prefixes of generated demo mobiles: 170/171 are virtual-operator (虚拟运营商) prefixes, and the fixed
 * `0000` middle block makes a number recognisable as demo data at a glance. No mainland range is
 * reserved for fiction (there is no equivalent of the US 555-01xx), so such a number may still be
 * assigned to someone: demo data must never be used to send SMS or place calls.
 */
export const SYNTHETIC_MOBILE_PREFIXES = ['1700000', '1710000'] as const;

/**
 * Strips spaces, dashes and a leading country code (+86, 0086, or 86 before an 11-digit mobile),
 * leaving what should be the 11 national digits. Does not validate.
 */
export function normalizeMobileInput(raw: string): string {
  let value = raw.replace(/[\s-]/g, '');
  if (value.startsWith('+86')) value = value.slice(3);
  else if (value.startsWith('0086')) value = value.slice(4);
  // Mainland mobiles never start with 8, so a bare 86 in front of 11 digits can only be the country code.
  else if (/^86\d{11}$/.test(value)) value = value.slice(2);
  return value;
}

/** Parses a mainland mobile number to its 11 digits. Reasons never echo the input. */
export function parseMobile(raw: string): ParseResult<string> {
  if (typeof raw !== 'string') return { ok: false, reason: 'must be a string' };
  const value = normalizeMobileInput(raw);
  if (value.length === 0) return { ok: false, reason: 'is empty' };
  if (!/^\d+$/.test(value)) {
    return { ok: false, reason: 'may contain only digits, spaces, dashes and a leading +86 or 0086' };
  }
  if (!MOBILE.test(value)) {
    return { ok: false, reason: 'must be an 11-digit mainland mobile number starting with 13 to 19' };
  }
  return { ok: true, value };
}

/** A demo mobile such as `17000001234` (see {@link SYNTHETIC_MOBILE_PREFIXES}). */
export function makeSyntheticMobile(random: Random): string {
  const prefix = SYNTHETIC_MOBILE_PREFIXES[pickIndex(random, SYNTHETIC_MOBILE_PREFIXES.length)];
  return prefix + String(pickIndex(random, 10_000)).padStart(4, '0');
}

/** Whether a parsed mobile lies in the demo range (see {@link SYNTHETIC_MOBILE_PREFIXES}). */
export function isSyntheticMobile(mobile: string): boolean {
  return MOBILE.test(mobile) && SYNTHETIC_MOBILE_PREFIXES.some((prefix) => mobile.startsWith(prefix));
}
