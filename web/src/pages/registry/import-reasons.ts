/**
 * The import service's rejection reasons (services/grid/src/imports: "<column> <problem>; …", or a problem of
 * the whole line) read as row, field and reason in the user's language. The reasons are a fixed set of
 * sentences; one this table does not know is shown as the server wrote it.
 */
export interface ImportProblem {
  line: number;
  /** The CSV column, or null when the problem is the whole line's. */
  column: string | null;
  reason: string;
}

type Lang = 'zh-CN' | 'en-US';

export const IMPORT_COLUMN_NAMES: Record<string, Record<Lang, string>> = {
  household_no: { 'zh-CN': '户号', 'en-US': 'Household no.' },
  community_code: { 'zh-CN': '社区代码', 'en-US': 'Community code' },
  building: { 'zh-CN': '楼栋', 'en-US': 'Building' },
  entrance: { 'zh-CN': '单元', 'en-US': 'Entrance' },
  room: { 'zh-CN': '房号', 'en-US': 'Room' },
  address: { 'zh-CN': '地址', 'en-US': 'Address' },
  name: { 'zh-CN': '姓名', 'en-US': 'Name' },
  id_number: { 'zh-CN': '身份证号', 'en-US': 'ID number' },
  phone: { 'zh-CN': '手机号', 'en-US': 'Phone' },
  relation: { 'zh-CN': '与户主关系', 'en-US': 'Relation' },
};

const REASONS: [RegExp, (m: RegExpExecArray) => Record<Lang, string>][] = [
  [/^is required$|^is empty$/, () => ({ 'zh-CN': '不能为空', 'en-US': 'is required' })],
  [
    /^must be at most (\d+) characters$/,
    (m) => ({ 'zh-CN': `不能超过 ${m[1]} 个字`, 'en-US': `must be at most ${m[1]} characters` }),
  ],
  [
    /^must not contain control characters$/,
    () => ({ 'zh-CN': '不能含有控制字符或换行', 'en-US': 'must not contain control characters' }),
  ],
  [/^must be a string$/, () => ({ 'zh-CN': '格式不正确', 'en-US': 'is not text' })],
  [
    /^must be the 12-digit code of a village or community$/,
    () => ({
      'zh-CN': '须为 12 位村（社区）统计代码',
      'en-US': 'must be the 12-digit code of a village or community',
    }),
  ],
  [
    /^is not a community within your data scope$/,
    () => ({ 'zh-CN': '不是您数据范围内的村（社区）', 'en-US': 'is not a community within your data scope' }),
  ],
  [
    /^is not a village or community$/,
    () => ({ 'zh-CN': '不是村（社区）代码', 'en-US': 'is not a village or community' }),
  ],
  [/^must be 18 characters long$/, () => ({ 'zh-CN': '须为 18 位', 'en-US': 'must be 18 characters long' })],
  [
    /^must be 17 digits followed by a digit or X$/,
    () => ({
      'zh-CN': '须为 17 位数字加 1 位数字或 X',
      'en-US': 'must be 17 digits followed by a digit or X',
    }),
  ],
  [/^checksum does not match$/, () => ({ 'zh-CN': '校验位不正确', 'en-US': 'checksum does not match' })],
  [
    /^birth date is not a real calendar date$/,
    () => ({ 'zh-CN': '出生日期不是有效日期', 'en-US': 'birth date is not a real date' }),
  ],
  [
    /^birth date is before 1900-01-01$/,
    () => ({ 'zh-CN': '出生日期早于 1900-01-01', 'en-US': 'birth date is before 1900-01-01' }),
  ],
  [
    /^birth date is in the future$/,
    () => ({ 'zh-CN': '出生日期晚于今天', 'en-US': 'birth date is in the future' }),
  ],
  [
    /^region code is not a known/,
    () => ({ 'zh-CN': '前 6 位地区码不存在', 'en-US': 'region code is not a known code' }),
  ],
  [
    /^may contain only digits/,
    () => ({
      'zh-CN': '只能包含数字、空格、短横线及 +86 或 0086 前缀',
      'en-US': 'may contain only digits, spaces, dashes and +86 or 0086',
    }),
  ],
  [
    /^must be an 11-digit mainland mobile/,
    () => ({
      'zh-CN': '须为 13–19 开头的 11 位手机号',
      'en-US': 'must be an 11-digit mobile number starting with 13 to 19',
    }),
  ],
  [
    /^must be one of /,
    () => ({
      'zh-CN': '须为 户主、配偶、子女、父母、其他 之一',
      'en-US': 'must be head, spouse, child, parent or other',
    }),
  ],
  [
    /^is registered to a resident outside your data scope$/,
    () => ({
      'zh-CN': '已登记为您数据范围以外的居民',
      'en-US': 'belongs to a resident outside your data scope',
    }),
  ],
  [
    /^is registered to a household outside your data scope$/,
    () => ({
      'zh-CN': '已登记为您数据范围以外的户',
      'en-US': 'belongs to a household outside your data scope',
    }),
  ],
  [
    /^is registered at another building or community/,
    () => ({
      'zh-CN': '已登记在其他楼栋或社区（导入不迁移户）',
      'en-US': 'is registered at another building or community',
    }),
  ],
  [
    /^is not registered and its community has neither/,
    () => ({
      'zh-CN': '楼栋未登记，且所在社区无边界也无网格，无法定位（请先登记楼栋）',
      'en-US': 'is not registered and cannot be placed (register the building first)',
    }),
  ],
  [
    /^appears again \(first on line (\d+)\)$/,
    (m) => ({ 'zh-CN': `与第 ${m[1]} 行重复`, 'en-US': `repeats line ${m[1]}` }),
  ],
  [
    /^community_code, building, entrance, room or address differ from line (\d+)/,
    (m) => ({
      'zh-CN': `同一户的社区代码、楼栋、单元、房号或地址与第 ${m[1]} 行不一致`,
      'en-US': `address differs from line ${m[1]} of the same household`,
    }),
  ],
  [
    /^the row has (\d+) fields, the header has (\d+)$/,
    (m) => ({
      'zh-CN': `该行有 ${m[1]} 列，表头有 ${m[2]} 列`,
      'en-US': `the row has ${m[1]} fields, the header ${m[2]}`,
    }),
  ],
  [
    /^the row is not valid UTF-8/,
    () => ({
      'zh-CN': '该行不是有效的 UTF-8 编码（请将文件另存为 UTF-8）',
      'en-US': 'the row is not valid UTF-8 (save the file as UTF-8)',
    }),
  ],
  [
    /^the line is longer than (\d+) bytes$/,
    (m) => ({ 'zh-CN': `该行超过 ${m[1]} 字节`, 'en-US': `the line is longer than ${m[1]} bytes` }),
  ],
  [
    /^the line has a stray or unclosed quote/,
    () => ({ 'zh-CN': '该行的引号（"）不成对', 'en-US': 'the line has an unclosed quote (")' }),
  ],
];

function translate(text: string, lang: Lang): string {
  for (const [pattern, words] of REASONS) {
    const m = pattern.exec(text);
    if (m) return words(m)[lang];
  }
  return text;
}

/** One server reason split into its problems, each with the column it names (if any). */
export function readReason(line: number, reason: string, lang: Lang): ImportProblem[] {
  return reason
    .split('; ')
    .filter(Boolean)
    .map((part) => {
      const m = /^([a-z_]+):? (.*)$/.exec(part);
      const column = m && m[1] in IMPORT_COLUMN_NAMES ? m[1] : null;
      return {
        line,
        column: column ? IMPORT_COLUMN_NAMES[column][lang] : null,
        reason: translate(column ? m![2] : part, lang),
      };
    });
}

/** The errors CSV (line,reason with RFC 4180 quoting) as rows. */
export function parseErrorsCsv(csv: string): { line: number; reason: string }[] {
  const rows: { line: number; reason: string }[] = [];
  for (const raw of csv.split(/\r?\n/).slice(1)) {
    const m = /^(\d+),(.*)$/.exec(raw);
    if (!m) continue;
    const cell = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/""/g, '"') : m[2];
    rows.push({ line: Number(m[1]), reason: cell });
  }
  return rows;
}
