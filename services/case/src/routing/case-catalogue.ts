import { CASE_CATEGORIES, type CaseCategoryCode } from '@yiwang/contracts';

export const CASE_PRIORITIES = ['normal', 'urgent', 'emergency'] as const;

/** Categories that start above normal priority (safety first); everything else starts normal. */
const DEFAULT_PRIORITY: Partial<Record<CaseCategoryCode, (typeof CASE_PRIORITIES)[number]>> = {
  fire_hazard: 'urgent',
  building_safety: 'urgent',
  public_security: 'urgent',
  epidemic: 'urgent',
  food_safety: 'urgent',
  drainage: 'urgent',
};

export interface CatalogueEntry {
  code: string;
  nameZh: string;
  nameEn: string;
  defaultDepartmentKind: string;
  defaultPriority: string;
  priorities: string[];
}

/**
 * The category catalogue (事项清单): codes and names shared with the registry, the department kind usually
 * responsible, the default priority. Deadlines per category × priority belong to the deadline policy.
 */
export function caseCatalogue(): CatalogueEntry[] {
  return (
    Object.entries(CASE_CATEGORIES) as [CaseCategoryCode, (typeof CASE_CATEGORIES)[CaseCategoryCode]][]
  ).map(([code, c]) => ({
    code,
    nameZh: c.zh,
    nameEn: c.en,
    defaultDepartmentKind: c.department,
    defaultPriority: DEFAULT_PRIORITY[code] ?? 'normal',
    priorities: [...CASE_PRIORITIES],
  }));
}
