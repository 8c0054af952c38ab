// A corpus of hostile values per type, as raw JSON text (so it can hold what JSON.stringify cannot write:
// lone surrogates, huge number literals), and a sample of a valid value for an OpenAPI schema.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI schemas are walked generically
type Json = Record<string, any>;

export interface HostileValue {
  label: string;
  /** The value as JSON text. */
  json: string;
  /** The platform's text policy refuses it (400 validation.text / validation.structure) wherever it goes. */
  refused?: boolean;
}

const q = (s: string) => JSON.stringify(s);

/** Text: control characters, invalid UTF-16, bidirectional controls, unnormalised and oversized text. */
export const TEXT: HostileValue[] = [
  { label: 'NUL', json: '"路灯\\u0000不亮"', refused: true },
  { label: 'bell', json: '"a\\u0007b"', refused: true },
  { label: 'terminal escape', json: '"\\u001b[31mred"', refused: true },
  { label: 'DEL', json: '"a\\u007fb"', refused: true },
  { label: 'C1 control', json: '"a\\u0085b"', refused: true },
  { label: 'lone high surrogate', json: '"a\\ud800b"', refused: true },
  { label: 'lone low surrogate', json: '"\\udc00"', refused: true },
  { label: 'reversed surrogate pair', json: '"\\udc00\\ud800"', refused: true },
  { label: 'right-to-left override', json: '"invoice\\u202egpj.exe"', refused: true },
  { label: 'directional isolate', json: '"\\u2066x\\u2069"', refused: true },
  { label: 'noncharacter', json: '"\\uffff"', refused: true },
  { label: 'decomposed (NFD) text', json: q('e\u0301te\u0301 路灯') },
  { label: 'astral and emoji', json: q('𠮷野家😀') },
  { label: 'line breaks and tab', json: q('一\n二\r\n\t三') },
  { label: 'empty', json: '""' },
  { label: 'blank', json: q('   ') },
  { label: 'SQL', json: q("' OR '1'='1' --") },
  { label: 'path traversal', json: q('../../../etc/passwd') },
  { label: 'template', json: q('${jndi:ldap://x/a}{{7*7}}') },
  { label: 'prototype name', json: q('__proto__') },
  { label: 'long text', json: q('字'.repeat(20_000)) },
];

/** Numbers a JavaScript or PostgreSQL layer may mishandle. */
export const NUMBERS: HostileValue[] = [
  { label: 'overflowing to Infinity', json: '1e309' },
  { label: 'beyond the safe integers', json: '9007199254740993' },
  { label: 'beyond bigint', json: '99999999999999999999999999999999' },
  { label: 'negative zero', json: '-0' },
  { label: 'underflowing to zero', json: '1e-400' },
  { label: 'a 400-digit literal', json: '1'.repeat(400) },
  { label: 'negative', json: '-2147483649' },
  { label: 'fraction', json: '0.1' },
  { label: 'numeric string', json: '"12"' },
  { label: 'NaN as text', json: '"NaN"' },
];

/** Dates that do not exist or that parsers read differently. */
export const DATES: HostileValue[] = [
  { label: '30 February', json: '"2026-02-30"' },
  { label: '29 February of a common year', json: '"2025-02-29"' },
  { label: 'month 13', json: '"2026-13-01"' },
  { label: 'day zero', json: '"0000-00-00"' },
  { label: 'hour 25', json: '"2026-01-05T25:61:61Z"' },
  { label: 'expanded year', json: '"+275760-09-13"' },
  { label: 'year 10000', json: '"10000-01-01"' },
];

/** ID numbers (GB 11643) of the right shape that are not valid. */
export const ID_NUMBERS: HostileValue[] = [
  { label: 'bad checksum', json: q(`11010519491231002${wrongCheckDigit('11010519491231002')}`) },
  { label: 'impossible birth date', json: q(`11010519490230001${withCheckDigit('11010519490230001')}`) },
  { label: 'unknown region', json: q(`00000019900101001${withCheckDigit('00000019900101001')}`) },
  { label: 'born in the future', json: q(`11010520990101001${withCheckDigit('11010520990101001')}`) },
  { label: 'lower-case x', json: q('11010519491231002x') },
];

/** Shapes: prototype keys, wrong types, deep nesting. */
export const STRUCTURES: HostileValue[] = [
  { label: '__proto__ object', json: '{"__proto__":{"roles":["city_admin"],"isAdmin":true}}', refused: true },
  { label: 'constructor.prototype', json: '{"constructor":{"prototype":{"polluted":true}}}' },
  { label: 'nested 5,000 deep', json: `${'['.repeat(5000)}1${']'.repeat(5000)}`, refused: true },
  { label: 'array for a scalar', json: '["a","b"]' },
  { label: 'object for a scalar', json: '{"a":1}' },
  { label: 'null', json: 'null' },
  { label: 'boolean', json: 'true' },
];

/** GB 11643's check character for the first 17 digits. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return '10X98765432'[sum % 11];
}

function wrongCheckDigit(first17: string): string {
  return withCheckDigit(first17) === '0' ? '1' : '0';
}

/** A value the schema accepts (as far as a generic sampler can tell), so a hostile field stands alone. */
export function sample(schema: Json | undefined, name = ''): unknown {
  if (!schema) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const alternative = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternative)) return sample(alternative[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? schema.exclusiveMinimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return schema.minItems ? [sample(schema.items, name)] : [];
    case 'object': {
      // Required fields only: every optional one is one more way for the base request to be wrong.
      const out: Record<string, unknown> = {};
      const required = new Set((schema.required ?? []) as string[]);
      for (const [key, child] of Object.entries((schema.properties ?? {}) as Json))
        if (required.has(key)) out[key] = sample(child as Json, key);
      return out;
    }
    default:
      return sampleString(schema, name);
  }
}

function sampleString(schema: Json, name: string): string {
  const pattern = String(schema.pattern ?? '');
  if (schema.format === 'uuid') return '00000000-0000-0000-0000-000000000000';
  if (schema.format === 'date-time') return '2026-01-05T10:00:00+08:00';
  if (schema.format === 'date' || pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-01-05';
  if (schema.format === 'email') return 'a@example.cn';
  if (schema.format === 'uri') return 'https://example.cn/hook';
  if (pattern.includes('(-[A-Z0-9]')) return '440106001002-G01';
  if (pattern.startsWith('^[0-9]{2,12}') || /unit|community|street|district/i.test(name))
    return '440106001002';
  if (/phone/i.test(name)) return '13800000000';
  const minimum = Number(schema.minLength ?? 1);
  return '测'.repeat(Math.max(1, Math.min(minimum, 64)));
}

/** The hostile corpus that fits a field: text for strings, numbers for numbers, and so on. */
export function corpusFor(schema: Json | undefined, name: string): HostileValue[] {
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (/idNumber|id_number/i.test(name)) return [...ID_NUMBERS, ...TEXT.filter((v) => v.refused)];
  if (type === 'integer' || type === 'number') return NUMBERS;
  if (schema?.format === 'date' || /date|day|from|to|at$/i.test(name)) return [...DATES, ...TEXT.slice(0, 3)];
  if (type === 'object' || type === 'array') return STRUCTURES;
  return TEXT;
}
