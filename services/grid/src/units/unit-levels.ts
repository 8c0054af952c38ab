/** The five levels of the administrative tree (块), and what sits below a community. */
export const UNIT_LEVELS = ['province', 'city', 'district', 'street', 'community'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** Level of a statistical division code by its length (2 / 4 / 6 / 9 / 12 digits). */
export function levelOfCode(code: string): UnitLevel | null {
  return (
    ({ 2: 'province', 4: 'city', 6: 'district', 9: 'street', 12: 'community' } as const)[code.length] ?? null
  );
}

/** 街道 / 镇 / 乡 below a district, 社区 / 村 below a street: read from the official name. */
export function kindOfUnit(level: UnitLevel, name: string): string {
  if (level === 'street') {
    if (name.endsWith('街道') || name.endsWith('街道办事处')) return 'subdistrict';
    if (name.endsWith('镇')) return 'town';
    if (name.endsWith('乡')) return 'township';
    return 'street_other';
  }
  if (level === 'community') {
    if (name.includes('社区')) return 'community';
    if (name.includes('村')) return 'village';
    return 'community_other';
  }
  return level;
}

/** A unit's materialized path: its ancestors' codes and its own, dot-separated. */
export function pathOfCode(code: string): string {
  const lengths = [2, 4, 6, 9, 12].filter((l) => l <= code.length);
  return lengths.map((l) => code.slice(0, l)).join('.');
}
