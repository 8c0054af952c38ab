/**
 * The special-population tags (特殊人群) a resident can carry for care work. Codes are stored; labels are
 * for screens. Only callers with `registry:read-special-population` may see or change them.
 */
export const SPECIAL_POPULATION_TAGS = {
  elderly_alone: { zh: '独居老人', en: 'Elderly living alone' },
  disabled: { zh: '残疾人', en: 'Person with disabilities' },
  low_income: { zh: '低保', en: 'Minimum living allowance' },
  hardship: { zh: '困难群众', en: 'People in hardship' },
  left_behind_child: { zh: '留守儿童', en: 'Left-behind child' },
  veteran: { zh: '退役军人', en: 'Veteran' },
  key_care: { zh: '重点关注', en: 'Key care' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type SpecialPopulationTag = keyof typeof SPECIAL_POPULATION_TAGS;

export function isSpecialPopulationTag(value: string): value is SpecialPopulationTag {
  return Object.hasOwn(SPECIAL_POPULATION_TAGS, value);
}

export function tagLabels(tag: string): { zh: string; en: string } {
  return isSpecialPopulationTag(tag) ? SPECIAL_POPULATION_TAGS[tag] : { zh: tag, en: tag };
}
