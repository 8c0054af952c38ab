import { DomainError } from '@yiwang/platform';
import { pinyinInitials } from '../people/chinese-names.js';
import { parseIdNumber } from '../people/id-number.js';
import type { ParseResult } from '../people/parse-result.js';
import { parseMobile } from '../people/phone.js';
import { RELATIONS } from '../people/residents.service.js';
import { parseText } from '../shared/text-input.js';

// One CSV row = one resident in one household. The checks that need only the row itself live here; the
// ones that need the registry (community, scope, duplicates, existing households) run in SQL per batch.

/** The columns of an import file, in the documented order (services/grid/IMPORT.md). */
export const IMPORT_COLUMNS = [
  'household_no',
  'community_code',
  'building',
  'entrance',
  'room',
  'address',
  'name',
  'id_number',
  'phone',
  'relation',
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns a header may leave out (their values are optional anyway). */
const OPTIONAL_COLUMNS: ReadonlySet<ImportColumn> = new Set([
  'building',
  'entrance',
  'room',
  'phone',
  'relation',
]);

/** Where each column is in the file; -1 for an optional column the file does not have. */
export interface ImportHeader {
  readonly index: Readonly<Record<ImportColumn, number>>;
  readonly width: number;
}

/** A row that passed the row-level checks; what is personal is still clear here, encrypted next. */
export interface ImportRow {
  line: number;
  householdNo: string;
  communityCode: string;
  building: string | null;
  entrance: string | null;
  room: string | null;
  address: string;
  name: string;
  nameInitials: string;
  gender: string;
  birthDate: string;
  /** Normalized 18-character number. */
  idNumber: string;
  /** 11 national digits, or null when the row gives none. */
  phone: string | null;
  relation: string;
}

const RELATION_WORDS: Readonly<Record<string, string>> = {
  户主: 'head',
  本人: 'head',
  配偶: 'spouse',
  子女: 'child',
  儿子: 'child',
  女儿: 'child',
  父母: 'parent',
  父亲: 'parent',
  母亲: 'parent',
  其他: 'other',
};

const COMMUNITY_CODE = /^[0-9]{12}$/;

export const ImportErrors = {
  header: (message: string) =>
    DomainError.invalid('registry.import_header', 'The first line is not a valid import header', [
      { field: 'header', message },
    ]),
};

/**
 * The header row: column names in any order, case and surrounding spaces ignored. Messages name columns
 * by position, never by content (a file without a header would otherwise echo its first resident).
 */
export function parseHeader(record: readonly string[]): ImportHeader {
  const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, -1])) as Record<ImportColumn, number>;
  record.forEach((cell, position) => {
    const name = cell.trim().toLowerCase() as ImportColumn;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      throw ImportErrors.header(`column ${position + 1} is not one of ${IMPORT_COLUMNS.join(', ')}`);
    }
    if (index[name] >= 0) throw ImportErrors.header(`column ${position + 1} repeats an earlier column`);
    index[name] = position;
  });
  const missing = IMPORT_COLUMNS.filter((c) => index[c] < 0 && !OPTIONAL_COLUMNS.has(c));
  if (missing.length > 0) throw ImportErrors.header(`the header lacks ${missing.join(', ')}`);
  return { index, width: record.length };
}

/** Checks one data row; a failure lists every problem found, by column, without echoing values. */
export function parseRow(
  header: ImportHeader,
  record: readonly string[],
  line: number,
  initials: (name: string) => string = nameInitials,
): ParseResult<ImportRow> {
  if (record.length !== header.width) {
    return { ok: false, reason: `the row has ${record.length} fields, the header has ${header.width}` };
  }
  if (record.some((cell) => cell.includes('\uFFFD'))) {
    return { ok: false, reason: 'the row is not valid UTF-8 (save the file as UTF-8)' };
  }
  const problems: string[] = [];
  const cell = (column: ImportColumn): string => {
    const at = header.index[column];
    return at < 0 ? '' : record[at];
  };
  const required = (column: ImportColumn, max: number): string => {
    const parsed = parseText(cell(column), max);
    if (parsed.ok) return parsed.value;
    problems.push(`${column} ${parsed.reason}`);
    return '';
  };
  const optional = (column: ImportColumn, max: number): string | null =>
    cell(column).trim() === '' ? null : required(column, max);

  const householdNo = required('household_no', 40);
  const communityCode = cell('community_code').trim();
  if (!COMMUNITY_CODE.test(communityCode)) {
    problems.push('community_code must be the 12-digit code of a village or community');
  }
  const building = optional('building', 64);
  const entrance = optional('entrance', 16);
  const room = optional('room', 16);
  const address = required('address', 200);
  const name = required('name', 32);

  let idNumber = '';
  let gender = '';
  let birthDate = '';
  if (cell('id_number').trim() === '') {
    problems.push('id_number is required');
  } else {
    const parsed = parseIdNumber(cell('id_number'));
    if (parsed.ok) ({ normalized: idNumber, gender, birthDate } = parsed.value);
    else problems.push(`id_number ${parsed.reason}`);
  }

  let phone: string | null = null;
  if (cell('phone').trim() !== '') {
    const parsed = parseMobile(cell('phone'));
    if (parsed.ok) phone = parsed.value;
    else problems.push(`phone ${parsed.reason}`);
  }

  const relation = relationOf(cell('relation'));
  if (!relation)
    problems.push(`relation must be one of ${RELATIONS.join(', ')} (or 户主, 配偶, 子女, 父母, 其他)`);

  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  return {
    ok: true,
    value: {
      line,
      householdNo,
      communityCode,
      building,
      entrance,
      room,
      address,
      name,
      nameInitials: initials(name),
      gender,
      birthDate,
      idNumber,
      phone,
      relation: relation!,
    },
  };
}

/** Pinyin initials as stored (at most 32 letters). */
export function nameInitials(name: string): string {
  return pinyinInitials(name).slice(0, 32);
}

/**
 * nameInitials with a memory of the last few thousand names, for one import: common names recur
 * (王伟, 李娜 …) and pinyin conversion is one of the dearer steps of a row. Dropped with the import.
 */
export function memoizedInitials(capacity = 10_000): (name: string) => string {
  const known = new Map<string, string>();
  return (name) => {
    let value = known.get(name);
    if (value === undefined) {
      value = nameInitials(name);
      if (known.size >= capacity) known.clear();
      known.set(name, value);
    }
    return value;
  };
}

/** Empty means `other`, as when a resident is registered by hand. */
function relationOf(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return 'other';
  const lower = trimmed.toLowerCase();
  if ((RELATIONS as readonly string[]).includes(lower)) return lower;
  return RELATION_WORDS[trimmed] ?? null;
}
