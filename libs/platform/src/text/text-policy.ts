import { DomainError, type ErrorDetail } from '../errors/domain-error.js';

/**
 * What every text field accepts, decided once for the whole platform (ADR 0008) and applied at each
 * entry: the gateway's HTTP bodies, query strings and path parameters, and every service's gRPC requests.
 *
 * - Refused: C0 control characters (U+0000–U+001F, NUL included: PostgreSQL cannot store it) except tab,
 *   line feed and carriage return; DEL and the C1 controls (U+007F–U+009F); lone surrogates (text that is
 *   not Unicode); the bidirectional embedding, override and isolate controls (U+202A–U+202E,
 *   U+2066–U+2069), which make a title read differently from what it holds; the noncharacters U+FFFE and
 *   U+FFFF.
 * - Normalised: every string to NFC, so equal text is stored (and deduplicated, searched) as equal bytes.
 * - Structure: no `__proto__` field names; no nesting deeper than MAX_DEPTH.
 * Tab and line breaks are allowed everywhere: fields that must be one line say so in their own schema.
 */
export const MAX_DEPTH = 32;
const MAX_ISSUES = 20;

/* eslint-disable no-control-regex -- the control characters are what these match */
const REFUSED =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ASCII = /^[\u0000-\u007F]*$/;
/* eslint-enable no-control-regex */

/** Why a string is refused, or null when it is acceptable text. */
export function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'is not well-formed Unicode (it holds a lone surrogate)';
  const refused = REFUSED.exec(text);
  if (!refused) return null;
  const code = `U+${refused[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const cp = refused[0].codePointAt(0)!;
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
    return `holds a bidirectional control character (${code}), which is not allowed`;
  if (cp >= 0xfffe) return `holds a noncharacter (${code}), which is not allowed`;
  return `holds a control character (${code}), which is not allowed in text`;
}

interface Frame {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  path: string;
  depth: number;
}

/**
 * Checks every string (values and field names) in a JSON-like value and normalises it to NFC in place;
 * returns the value (a new one only when the value itself is a string). Throws `validation.text` (or
 * `validation.structure`) naming each offending field, `root` first (`body.title`, `query.q`).
 * Buffers and other non-plain objects (file uploads, bytes fields) are left as they are.
 */
export function applyTextPolicy<T>(value: T, root: string): T {
  const textIssues: ErrorDetail[] = [];
  const structureIssues: ErrorDetail[] = [];
  const box = { value: value as unknown };
  // An explicit stack, not recursion: a hostile body nested a million levels deep must not overflow it.
  const stack: Frame[] = [{ holder: box, key: 'value', path: root, depth: 0 }];
  while (stack.length > 0 && textIssues.length + structureIssues.length < MAX_ISSUES) {
    const { holder, key, path, depth } = stack.pop()!;
    const current = (holder as Record<string | number, unknown>)[key];
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) textIssues.push({ field: path, message: problem });
      else if (!isAscii(current))
        (holder as Record<string | number, unknown>)[key] = current.normalize('NFC');
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      structureIssues.push({ field: path, message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1)
        stack.push({ holder: current, key: i, path: `${path}.${i}`, depth: depth + 1 });
      continue;
    }
    const proto = Object.getPrototypeOf(current);
    if (proto !== Object.prototype && proto !== null) continue; // Buffer, Date, Uint8Array …
    const record = current as Record<string, unknown>;
    for (const name of Object.keys(record)) {
      const fieldPath = `${path}.${name}`;
      if (name === '__proto__') {
        structureIssues.push({ field: fieldPath, message: '"__proto__" is not allowed as a field name' });
        continue;
      }
      const problem = textProblem(name);
      if (problem) {
        textIssues.push({ field: fieldPath, message: `the field name ${problem}` });
        continue;
      }
      let target = name;
      if (!isAscii(name)) {
        target = name.normalize('NFC');
        if (target !== name) {
          record[target] = record[name];
          delete record[name];
        }
      }
      stack.push({ holder: record, key: target, path: `${path}.${target}`, depth: depth + 1 });
    }
  }
  if (structureIssues.length > 0)
    throw DomainError.invalid('validation.structure', 'The request is not valid', structureIssues);
  if (textIssues.length > 0)
    throw DomainError.invalid(
      'validation.text',
      'The request holds text with characters that are not allowed',
      textIssues,
    );
  return box.value as T;
}

/** Pure ASCII is already NFC: the common case skips normalize(). */
function isAscii(text: string): boolean {
  return ASCII.test(text);
}
