/**
 * The shared codes of case categories (事项) and the department kinds (条) usually responsible for them.
 * The case service owns the full catalogue (priorities, deadlines, versioned 权责清单); the registry uses
 * these codes to say which department handles what.
 */
export const DEPARTMENT_KINDS = {
  urban_management: { zh: '城市管理和综合执法', en: 'Urban management' },
  market_regulation: { zh: '市场监督管理', en: 'Market regulation' },
  environment: { zh: '生态环境', en: 'Ecology and environment' },
  police: { zh: '公安', en: 'Public security' },
  housing: { zh: '住房和城乡建设', en: 'Housing and construction' },
  civil_affairs: { zh: '民政', en: 'Civil affairs' },
  petitions: { zh: '信访', en: 'Letters and visits' },
  water: { zh: '水务', en: 'Water affairs' },
  health: { zh: '卫生健康', en: 'Health' },
  emergency: { zh: '应急管理', en: 'Emergency management' },
} as const;

export type DepartmentKind = keyof typeof DEPARTMENT_KINDS;

export const CASE_CATEGORIES = {
  street_light: { zh: '路灯故障', en: 'Street light out', department: 'urban_management' },
  illegal_parking: { zh: '违章停车', en: 'Illegal parking', department: 'police' },
  garbage: { zh: '垃圾清运', en: 'Garbage not collected', department: 'urban_management' },
  illegal_construction: { zh: '违法建设', en: 'Illegal construction', department: 'urban_management' },
  street_vending: { zh: '占道经营', en: 'Street vending', department: 'urban_management' },
  noise: { zh: '噪声扰民', en: 'Noise', department: 'environment' },
  pollution: { zh: '环境污染', en: 'Pollution', department: 'environment' },
  food_safety: { zh: '食品安全', en: 'Food safety', department: 'market_regulation' },
  price_fraud: { zh: '价格欺诈', en: 'Price fraud', department: 'market_regulation' },
  unlicensed_business: { zh: '无证经营', en: 'Unlicensed business', department: 'market_regulation' },
  road_damage: { zh: '道路破损', en: 'Road damage', department: 'housing' },
  building_safety: { zh: '房屋安全', en: 'Building safety', department: 'housing' },
  property_dispute: { zh: '物业纠纷', en: 'Property management dispute', department: 'housing' },
  water_leak: { zh: '供水漏水', en: 'Water leak', department: 'water' },
  drainage: { zh: '排水内涝', en: 'Drainage and flooding', department: 'water' },
  elderly_care: { zh: '养老服务', en: 'Elderly care', department: 'civil_affairs', public: false },
  social_assistance: {
    zh: '社会救助',
    en: 'Social assistance',
    department: 'civil_affairs',
    public: false,
  },
  public_security: { zh: '治安隐患', en: 'Public security risk', department: 'police' },
  fire_hazard: { zh: '消防隐患', en: 'Fire hazard', department: 'emergency' },
  epidemic: { zh: '卫生防疫', en: 'Public health', department: 'health' },
  neighbour_dispute: { zh: '邻里纠纷', en: 'Neighbour dispute', department: 'petitions', public: false },
  other: { zh: '其他', en: 'Other', department: 'petitions' },
} as const satisfies Record<string, CaseCategoryEntry>;

export interface CaseCategoryEntry {
  zh: string;
  en: string;
  department: DepartmentKind;
  /**
   * `false` for a category that is about a person (a family or neighbour quarrel, care for someone, relief
   * for a household): it is not offered as an Open311 service and its requests never appear in Open311
   * reads, not even as public fields. Left out, a category is public.
   */
  public?: false;
}

export type CaseCategoryCode = keyof typeof CASE_CATEGORIES;

/** Whether a category may be shown to the public (Open311 services and requests). Unknown codes are not. */
export function isPublicCategory(code: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(CASE_CATEGORIES, code)) return false;
  return (CASE_CATEGORIES[code as CaseCategoryCode] as CaseCategoryEntry).public !== false;
}
