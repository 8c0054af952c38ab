import { textProblem } from '@yiwang/platform';
import type { ParseResult } from '../people/parse-result.js';

// Line breaks and tabs have no place in names, numbers and addresses (the platform allows them in text).
const hasLineBreak = (text: string) => /[\t\n\r]/.test(text);

/**
 * Trimmed, NFC-normalised text of 1–`max` characters (code points), under the platform's text policy:
 * also the path of CSV imports, whose cells never pass the gRPC entry's check. Reasons never echo the input.
 */
export function parseText(value: unknown, max: number): ParseResult<string> {
  if (typeof value !== 'string') return { ok: false, reason: 'must be a string' };
  const problem = textProblem(value);
  if (problem) return { ok: false, reason: problem };
  const trimmed = value.trim().normalize('NFC');
  if (trimmed.length === 0) return { ok: false, reason: 'is required' };
  if (Array.from(trimmed).length > max) return { ok: false, reason: `must be at most ${max} characters` };
  if (hasLineBreak(trimmed)) return { ok: false, reason: 'must not contain control characters' };
  return { ok: true, value: trimmed };
}
