import type { Unit } from '../../api/types';
import { childUnits } from '../../components/UnitTree';
import { useAsync } from '../../lib/use-async';

/**
 * The districts the version list can be counted for: those of the user's city (its code is the first
 * four digits of any unit below it), or, for a city-wide user, the districts under the top of the tree.
 */
export function useDistricts(scopeUnit: string | null) {
  return useAsync(async (): Promise<Unit[]> => {
    if (scopeUnit && scopeUnit.length >= 4) {
      const own = await childUnits(scopeUnit.slice(0, 4)).catch(() => [] as Unit[]);
      const inCity = own.filter((u) => u.level === 'district');
      if (inCity.length > 0) return inCity;
    }
    let level = await childUnits(null);
    for (let depth = 0; depth < 2 && level.length > 0 && level[0].level !== 'district'; depth += 1)
      level = await childUnits(level[0].code);
    return level.filter((u) => u.level === 'district');
  }, [scopeUnit]);
}
