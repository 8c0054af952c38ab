import type { ErrorDetail } from '@yiwang/platform';
import { validateAreaGeometry, type AreaGeometry } from '../geometry/index.js';

export const GRID_CHANGES = ['split', 'merge', 'redraw'] as const;
export const STAFF_ROLES = ['head', 'full_time', 'part_time'] as const;
export const PART_TIME_KINDS = ['building_head', 'party_member', 'police', 'volunteer', 'other'] as const;

export interface NewGridInput {
  code: string;
  name: string;
  type: string;
  boundaryGeojson: string;
}

/** `440106001002-G03`, micro-grids `440106001002-G03-W1`: the community code, then segments. */
const GRID_CODE = /^([0-9]{12})(-[A-Z0-9]{1,8}){1,2}$/;

export function communityOfGridCode(code: string): string | null {
  return GRID_CODE.exec(code)?.[1] ?? null;
}

/** Checks a new grid's fields and parses its boundary; collects every problem with its field. */
export function checkNewGrid(
  input: NewGridInput,
  types: string[],
  field = 'grid',
): { boundary?: AreaGeometry; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  if (!GRID_CODE.test(input.code ?? '')) {
    details.push({
      field: `${field}.code`,
      message: 'must be the community code and a suffix, e.g. 440106001002-G03',
    });
  }
  if (!input.name?.trim() || input.name.length > 100)
    details.push({ field: `${field}.name`, message: 'is required (≤ 100 characters)' });
  if (!types.includes(input.type))
    details.push({ field: `${field}.type`, message: `must be one of ${types.join(', ')}` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.boundaryGeojson ?? '');
  } catch {
    details.push({ field: `${field}.polygon`, message: 'is not JSON' });
    return { details };
  }
  const { geometry, problems } = validateAreaGeometry(parsed, `${field}.polygon`);
  details.push(...problems);
  return { boundary: geometry, details };
}
