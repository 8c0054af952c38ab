import { waitFor } from '@yiwang/testing';
import { CaseFixture, insideOf, type Json } from './case-fixture.js';

export const STREET = '440106001';
export const OFFICE = `${STREET}-urban_management`;
export const POLICE = `${STREET}-police`;
export const DISTRICT_UM = '440106-urban_management';
export const ENVIRONMENT = '440106-environment';

export interface LifecycleWorld {
  f: CaseFixture;
  grid: Json;
  point: { lat: number; lng: number };
  /** Tokens by who acts: admin, street, otherStreet, grid, community, office, police, … */
  t: Record<string, string>;
  /** A case reported by the grid worker at a point inside the demo grid. */
  report(body?: Json): Promise<Json>;
  /** A reported case, registered and dispatched by the street. */
  dispatched(body?: Json): Promise<Json>;
}

/**
 * The platform with the registry's demo street (locations and departments) and a token per acting role,
 * shared by the case lifecycle suites.
 */
export async function startLifecycleWorld(namespace: string): Promise<LifecycleWorld> {
  const t: Record<string, string> = {};
  const f = await CaseFixture.start(namespace);
  t.admin = await f.token('district_admin', '440106');
  const grids = await f.json('GET', `/api/v1/registry/grids?unit=${STREET}&boundary=true&limit=5`, t.admin);
  const grid = grids.items[0];
  const point = insideOf(grid);
  const community = grid.code.split('-')[0];
  t.street = await f.token('street_dispatcher', STREET);
  t.otherStreet = await f.token('street_dispatcher', '440106002');
  t.grid = await f.token('grid_worker', grid.code);
  t.community = await f.token('community_worker', community);
  t.office = await f.token('department_handler', STREET, OFFICE);
  t.police = await f.token('department_handler', STREET, POLICE);
  t.districtUm = await f.token('department_handler', '440106', DISTRICT_UM);
  t.environment = await f.token('department_handler', '440106', ENVIRONMENT);
  t.supervisor = await f.token('supervisor', '440106');
  // The registry indexes the demo grids for location lookups shortly after the demo is written.
  await waitFor(
    async () =>
      (await f.request('GET', `/api/v1/registry/locate?lat=${point.lat}&lng=${point.lng}`, t.admin))
        .status === 200,
    { what: 'the location index (the registry relays the demo events first)', timeoutMs: 90_000 },
  );
  const report = (body: Json = {}) => f.create(t.grid, { location: point, ...body });
  const dispatched = async (body: Json = {}) => {
    const c = await report(body);
    await f.act(t.street, c.id, 'register');
    return f.act(t.street, c.id, 'dispatch');
  };
  return { f, grid, point, t, report, dispatched };
}
