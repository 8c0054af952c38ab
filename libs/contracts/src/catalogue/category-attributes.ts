import type { CaseCategoryCode } from './case-categories.js';

/**
 * The extra questions some categories ask of a reporter (Open311 GeoReport v2 "service attributes"). Declared
 * here once, as data: the Open311 service definition publishes them, Open311 POSTs are checked against them,
 * and the case service checks them again before it keeps the answers on the case.
 */
export type AttributeDatatype =
  'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface CategoryAttribute {
  /** false: not a question, only information shown to the reporter (GeoReport `variable`). */
  variable: boolean;
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: readonly { key: string; name: string }[];
}

export type AttributeAnswer = string | number | string[];
export type AttributeAnswers = Record<string, AttributeAnswer>;

const yesNo = [
  { key: 'yes', name: '是 Yes' },
  { key: 'no', name: '否 No' },
] as const;

export const CATEGORY_ATTRIBUTES: Partial<Record<CaseCategoryCode, readonly CategoryAttribute[]>> = {
  street_vending: [
    {
      variable: true,
      code: 'VENDOR_KIND',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: '经营形式 What kind of vending?',
      values: [
        { key: 'fixed_stall', name: '固定摊位 Fixed stall' },
        { key: 'mobile_cart', name: '流动摊贩 Mobile cart' },
        { key: 'shop_overflow', name: '店外经营 Shop goods on the pavement' },
      ],
    },
    {
      variable: true,
      code: 'BLOCKS_PASSAGE',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 2,
      description: '是否阻碍通行 Does it block the way?',
      values: yesNo,
    },
    {
      variable: true,
      code: 'SEEN_AT',
      datatype: 'datetime',
      required: false,
      datatype_description: 'W3C date-time, e.g. 2026-11-05T19:30:00+08:00',
      order: 3,
      description: '发现时间 When was it seen?',
    },
  ],
  road_damage: [
    {
      variable: false,
      code: 'SAFETY_NOTE',
      datatype: 'text',
      required: false,
      datatype_description: null,
      order: 1,
      description: '如有人员受伤或车辆被困，请先拨打 110/120。If anyone is hurt, call 110/120 first.',
    },
    {
      variable: true,
      code: 'DAMAGE_SIZE',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 2,
      description: '破损大小 How large is the damage?',
      values: [
        { key: 'small', name: '小于一个井盖 Smaller than a manhole cover' },
        { key: 'medium', name: '约一个车位宽 About a car width' },
        { key: 'large', name: '占一条车道以上 A lane or more' },
      ],
    },
    {
      variable: true,
      code: 'DAMAGE_KIND',
      datatype: 'multivaluelist',
      required: false,
      datatype_description: null,
      order: 3,
      description: '破损类型 What kind of damage?',
      values: [
        { key: 'pothole', name: '坑槽 Pothole' },
        { key: 'crack', name: '裂缝 Cracks' },
        { key: 'subsidence', name: '沉陷 Subsidence' },
        { key: 'manhole', name: '井盖缺失或破损 Manhole cover missing or broken' },
      ],
    },
    {
      variable: true,
      code: 'DEPTH_CM',
      datatype: 'number',
      required: false,
      datatype_description: '厘米 centimetres',
      order: 4,
      description: '估计深度 Estimated depth',
    },
  ],
  street_light: [
    {
      variable: true,
      code: 'POLE_NUMBER',
      datatype: 'string',
      required: true,
      datatype_description: '灯杆上喷印的编号，如 TH-0123 The number painted on the pole, e.g. TH-0123',
      order: 1,
      description: '灯杆编号 Street light pole number',
    },
    {
      variable: true,
      code: 'LIGHT_STATE',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 2,
      description: '故障现象 What is wrong with it?',
      values: [
        { key: 'off', name: '不亮 Off at night' },
        { key: 'flickering', name: '闪烁 Flickering' },
        { key: 'on_by_day', name: '白天常亮 On during the day' },
      ],
    },
  ],
};

/** Longest answer to a `string` and to a `text` question. */
const MAX_STRING = 200;
const MAX_TEXT = 2000;

export function categoryAttributes(category: string): readonly CategoryAttribute[] {
  return CATEGORY_ATTRIBUTES[category as CaseCategoryCode] ?? [];
}

export interface AttributeProblem {
  code: string;
  message: string;
}

/**
 * Checks answers against the category's questions: required ones given (unless `required: false`: channels
 * other than Open311, such as a hotline operator's form, may not know them), list answers among the values,
 * numbers finite, date-times W3C. Answers to unknown or informational attributes are refused. Returns the
 * answers in their kept form (numbers as numbers, multi-value answers as lists) and the problems found.
 */
export function checkAttributeAnswers(
  category: string,
  answers: Record<string, unknown>,
  options: { required: boolean } = { required: true },
): { answers: AttributeAnswers; problems: AttributeProblem[] } {
  const questions = categoryAttributes(category).filter((a) => a.variable);
  const problems: AttributeProblem[] = [];
  const kept: AttributeAnswers = {};
  for (const code of Object.keys(answers)) {
    if (!questions.some((q) => q.code === code))
      problems.push({ code, message: `service ${category} asks no question ${code}` });
  }
  for (const question of questions) {
    const raw = answers[question.code];
    const given = Array.isArray(raw) ? raw.filter((v) => v !== '') : raw === '' ? undefined : raw;
    if (given === undefined || given === null || (Array.isArray(given) && given.length === 0)) {
      if (question.required && options.required)
        problems.push({ code: question.code, message: 'is required' });
      continue;
    }
    const problem = checkOne(question, given);
    if (typeof problem === 'string') problems.push({ code: question.code, message: problem });
    else kept[question.code] = problem.value;
  }
  return { answers: kept, problems };
}

function checkOne(question: CategoryAttribute, given: unknown): string | { value: AttributeAnswer } {
  const keys = (question.values ?? []).map((v) => v.key);
  const single = Array.isArray(given) ? (given.length === 1 ? given[0] : undefined) : given;
  const text = typeof single === 'string' || typeof single === 'number' ? String(single).trim() : undefined;
  switch (question.datatype) {
    case 'multivaluelist': {
      const list = (Array.isArray(given) ? given : [given]).map((v) => String(v));
      const unknown = list.filter((v) => !keys.includes(v));
      if (unknown.length) return `must be among ${keys.join(', ')} (not ${unknown.join(', ')})`;
      return { value: [...new Set(list)] };
    }
    case 'singlevaluelist':
      if (text === undefined || !keys.includes(text)) return `must be one of ${keys.join(', ')}`;
      return { value: text };
    case 'number': {
      const value = text === undefined || text === '' ? NaN : Number(text);
      return Number.isFinite(value) ? { value } : 'must be a number';
    }
    case 'datetime':
      return text !== undefined &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
        !Number.isNaN(Date.parse(text))
        ? { value: text }
        : 'must be a W3C date-time such as 2026-11-05T19:30:00+08:00';
    case 'string':
    case 'text': {
      const limit = question.datatype === 'string' ? MAX_STRING : MAX_TEXT;
      if (text === undefined) return 'must be given once';
      return text.length > limit ? `must be at most ${limit} characters` : { value: text };
    }
  }
}

/**
 * When the categories or their questions last changed (W3C date-time): Open311 discovery's `changeset`,
 * which tells clients to refresh cached service lists and definitions. Move it with every such change.
 */
export const CATEGORY_CATALOGUE_CHANGESET = '2026-12-04T16:00:00Z';
