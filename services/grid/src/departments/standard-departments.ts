import { CASE_CATEGORIES, DEPARTMENT_KINDS, type DepartmentKind } from '@yiwang/contracts';
import type { DepartmentRow } from './department.repository.js';

/** Department kinds with an office in every street (派出所, 城管执法队, 市场监管所 …). */
const STREET_OFFICES: DepartmentKind[] = ['urban_management', 'police', 'market_regulation'];

function categoriesOf(kind: DepartmentKind): string[] {
  return Object.entries(CASE_CATEGORIES)
    .filter(([, c]) => c.department === kind)
    .map(([code]) => code);
}

/**
 * The usual district departments, and street offices for the kinds that have them, each with the case
 * categories it answers for. A district adjusts them afterwards; this is the starting 权责清单.
 */
export function standardDepartments(
  district: { code: string; path: string; name: string },
  streets: { code: string; path: string; name: string }[],
): DepartmentRow[] {
  const rows: DepartmentRow[] = [];
  for (const kind of Object.keys(DEPARTMENT_KINDS) as DepartmentKind[]) {
    const code = `${district.code}-${kind}`;
    rows.push({
      code,
      name: `${district.name}${DEPARTMENT_KINDS[kind].zh}局`,
      kind,
      level: 'district',
      unitCode: district.code,
      parentCode: null,
      unitPath: district.path,
      categories: categoriesOf(kind),
    });
    if (!STREET_OFFICES.includes(kind)) continue;
    for (const street of streets) {
      rows.push({
        code: `${street.code}-${kind}`,
        name: `${street.name}${DEPARTMENT_KINDS[kind].zh}所`,
        kind,
        level: 'street',
        unitCode: street.code,
        parentCode: code,
        unitPath: street.path,
        categories: categoriesOf(kind),
      });
    }
  }
  return rows;
}
