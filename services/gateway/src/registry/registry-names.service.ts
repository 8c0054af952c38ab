import { Inject, Injectable } from '@nestjs/common';
import { unitPathOf } from '@yiwang/contracts';
import { IdentityContext, serviceIdentity } from '@yiwang/platform';
import {
  GRID_CLIENT,
  UNITS_CLIENT,
  type GridClient,
  type UnitsClient,
} from '../downstream/downstream.module.js';
import { UserNamesRepository } from './user-names.repository.js';

export interface CodeName {
  code: string;
  name: string;
  kind: 'unit' | 'grid' | 'department' | 'person';
}

/** A cached name with the unit it belongs to (null: a person scoped to the whole tree). */
interface Cached {
  name: CodeName;
  unitCode: string | null;
}

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 20_000;
const DEPARTMENT = /^([0-9]{6,12})-[a-z][a-z_]*$/;
const UNIT = /^[0-9]{2,12}$/;
const PERSON = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The unit a code belongs to: a unit or grid is its own; a department belongs to its unit's division code;
 * a person to the unit of their data scope.
 */
function unitOf(code: string): string {
  return DEPARTMENT.exec(code)?.[1] ?? code;
}

/**
 * Whether a caller whose scope is `scopePath` (`44.4401.440106…`, null for the whole tree) may read the name
 * of something in `unitCode`: inside the caller's subtree, or an ancestor on the caller's own path (a street
 * admin sees its district's and city's names, not a neighbouring street's).
 */
export function nameVisible(scopePath: string | null, unitCode: string | null): boolean {
  if (scopePath === null) return true;
  const scope = scopePath.split('.').filter(Boolean);
  if (unitCode === null) return true;
  let path: string[];
  try {
    path = unitPathOf(unitCode);
  } catch {
    return false;
  }
  const shorter = Math.min(scope.length, path.length);
  return scope.slice(0, shorter).every((segment, i) => segment === path[i]);
}

/**
 * Names for the codes the API answers with (units, grids, departments, acting users), so pages show names
 * and keep codes for hover. Names are read with the gateway's own identity and cached for a few minutes, then
 * answered only where the caller's data scope reaches (its subtree and the ancestors on its path).
 */
@Injectable()
export class RegistryNamesService {
  private readonly cache = new Map<string, { value: Cached | null; at: number }>();

  constructor(
    @Inject(UNITS_CLIENT) private readonly units: UnitsClient,
    @Inject(GRID_CLIENT) private readonly grid: GridClient,
    private readonly users: UserNamesRepository,
  ) {}

  async names(codes: readonly string[]): Promise<CodeName[]> {
    // Deny by default: no caller, no names.
    const caller = IdentityContext.current();
    if (!caller) return [];
    const now = Date.now();
    const wanted = [...new Set(codes)];
    const missing = wanted.filter((code) => {
      const hit = this.cache.get(code);
      return !hit || now - hit.at > TTL_MS;
    });
    if (missing.length) {
      await IdentityContext.run(serviceIdentity('gateway'), () => this.load(missing, now));
    }
    const scopePath = caller.scopePath;
    return wanted
      .map((code) => this.cache.get(code)?.value ?? null)
      .filter((n): n is Cached => n !== null && nameVisible(scopePath, n.unitCode))
      .map((n) => n.name);
  }

  private async load(codes: string[], now: number): Promise<void> {
    if (this.cache.size > MAX_ENTRIES) this.cache.clear();
    const put = (code: string, name: CodeName | null, unitCode: string | null = unitOf(code)) =>
      this.cache.set(code, { value: name && { name, unitCode }, at: now });
    // Departments come a unit's whole list at a time: one call per unit for all its departments.
    const departmentUnits = new Set(codes.map((c) => DEPARTMENT.exec(c)?.[1]).filter(Boolean) as string[]);
    const people = codes.filter((c) => PERSON.test(c));
    await Promise.all([
      // People who acted on cases (the timeline): their display names, not their ids.
      this.users.displayNames(people).then((names) => {
        for (const [id, { name, unitCode }] of names) put(id, { code: id, name, kind: 'person' }, unitCode);
      }),
      ...[...departmentUnits].map(async (unitCode) => {
        const listed = await this.units.call('listDepartments', { unitCode }).catch(() => null);
        for (const d of listed?.departments ?? [])
          put(d.code, { code: d.code, name: d.name, kind: 'department' });
      }),
      ...codes
        .filter((c) => UNIT.test(c))
        .map(async (code) => {
          const found = await this.units.call('getUnit', { code }).catch(() => null);
          put(code, found?.unit ? { code, name: found.unit.name, kind: 'unit' } : null);
        }),
      ...codes
        .filter((c) => !UNIT.test(c) && !DEPARTMENT.test(c) && !PERSON.test(c))
        .map(async (code) => {
          const found = await this.grid.call('getGrid', { code, withBoundary: false }).catch(() => null);
          put(code, found?.grid ? { code, name: found.grid.name, kind: 'grid' } : null);
        }),
    ]);
    for (const code of codes) if (!this.cache.has(code)) put(code, null);
  }
}
