/** The special-population tags (特殊人群) the registry knows, in the order the filter offers them. */
export const SPECIAL_POPULATION_TAGS = [
  'elderly_alone',
  'disabled',
  'low_income',
  'hardship',
  'left_behind_child',
  'veteran',
  'key_care',
] as const;
