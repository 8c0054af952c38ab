import { normalizeMobileInput } from './phone.js';

const MASK = '*';

/**
 * `440106199001011234` → `440106********1234`: the region code and the last four stay (enough to tell
 * records apart on screen), the birth date and sequence go. Anything that is not an 18-character ID
 * number (15-digit legacy numbers, typos, other documents) is masked completely rather than partly.
 */
export function maskIdNumber(value: string): string {
  if (typeof value !== 'string') return '';
  const normalized = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) return maskAll(value);
  return normalized.slice(0, 6) + MASK.repeat(8) + normalized.slice(14);
}

/**
 * `13812345678` → `138****5678` (also from `+86 138-1234-5678`). Anything that is not an 11-digit
 * mainland mobile (landlines, foreign numbers, typos) is masked completely rather than partly.
 */
export function maskPhone(value: string): string {
  if (typeof value !== 'string') return '';
  const digits = normalizeMobileInput(value.trim());
  if (!/^1\d{10}$/.test(digits)) return maskAll(value);
  return digits.slice(0, 3) + MASK.repeat(4) + digits.slice(7);
}

/** One mask character per code point (not UTF-16 unit) of the trimmed value: nothing of it stays. */
function maskAll(value: string): string {
  return MASK.repeat(Array.from(value.trim()).length);
}
