import type { ParseResult } from '../people/parse-result.js';

// Control characters (including newlines) have no place in names, numbers and addresses.
const hasControl = (text: string) => Array.from(text).some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f');

/** Trimmed text of 1–`max` characters (code points). Reasons never echo the input. */
export function parseText(value: unknown, max: number): ParseResult<string> {
  if (typeof value !== 'string') return { ok: false, reason: 'must be a string' };
  const trimmed = value.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'is required' };
  if (Array.from(trimmed).length > max) return { ok: false, reason: `must be at most ${max} characters` };
  if (hasControl(trimmed)) return { ok: false, reason: 'must not contain control characters' };
  return { ok: true, value: trimmed };
}
