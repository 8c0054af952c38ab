import { randomUUID } from 'node:crypto';
import type { Identity } from '@yiwang/platform';
import type { DataSource } from 'typeorm';
import { EARTH_RADIUS_METERS } from '../../src/geometry/index.js';
import { CoverageService } from '../../src/sites/coverage.service.js';
import { ServiceSitesService } from '../../src/sites/service-sites.service.js';
import { SitesModule } from '../../src/sites/sites.module.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import {
  openRegistryDatabase,
  seedUnits,
  startRegistryApp,
  type RegistryTestApp,
} from '../support/registry-app.js';

export { as, domainError } from '../support/registry-app.js';

/** Metres per degree of latitude: along a meridian, haversine distance is exactly this × Δlat. */
export const METERS_PER_DEGREE_LAT = (EARTH_RADIUS_METERS * Math.PI) / 180;

/**
 * A private corner of the tree for one test file: district `9907NN` (no real division uses city 9907),
 * NN fixed per file so files sharing a worker database never meet, and a second district `9907(NN+50)`.
 *
 *   district ─┬─ street  ─┬─ communityA
 *             │           └─ communityB
 *             └─ street2 ─── communityC
 *   otherDistrict ─ otherStreet ─ otherCommunity
 */
export interface SitesFixture {
  app: RegistryTestApp;
  dataSource: DataSource;
  sites: ServiceSitesService;
  coverage: CoverageService;
  district: string;
  street: string;
  street2: string;
  communityA: string;
  communityB: string;
  communityC: string;
  otherDistrict: string;
  otherCommunity: string;
  close(): Promise<void>;
}

export async function startSites(
  slot: number,
  options: { grpcPort?: number; circleMeters?: string } = {},
): Promise<SitesFixture> {
  const district = `9907${slot}`;
  const otherDistrict = `9907${slot + 50}`;
  const codes = {
    district,
    street: `${district}001`,
    street2: `${district}002`,
    communityA: `${district}001001`,
    communityB: `${district}001002`,
    communityC: `${district}002001`,
    otherDistrict,
    otherCommunity: `${otherDistrict}001001`,
  };
  const dataSource = await openRegistryDatabase('sites-test');
  try {
    await seedUnits(dataSource, [
      ['99', '测试省'],
      ['9907', '站点市'],
      [district, '站点区'],
      [codes.street, '甲街道'],
      [codes.street2, '乙街道'],
      [codes.communityA, '甲社区'],
      [codes.communityB, '乙社区'],
      [codes.communityC, '丙社区'],
      [otherDistrict, '邻区'],
      [`${otherDistrict}001`, '邻街道'],
      [codes.otherCommunity, '邻社区'],
    ]);
    const app = await startRegistryApp(dataSource, SitesModule, {
      env: { SERVICE_CIRCLE_METERS: options.circleMeters ?? '800' },
      grpcPort: options.grpcPort,
    });
    return {
      app,
      dataSource,
      sites: app.get(ServiceSitesService),
      coverage: app.get(CoverageService),
      ...codes,
      close: async () => {
        await app.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** A building at a point with `households` households in it (straight into the tables). */
export async function addBuilding(
  dataSource: DataSource,
  community: string,
  name: string,
  at: { lat: number; lng: number },
  households: number,
): Promise<string> {
  const id = randomUUID();
  const path = pathOfCode(community);
  await dataSource.query(
    `INSERT INTO buildings (id, name, community_code, path, lat, lng) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, name, community, path, at.lat, at.lng],
  );
  for (let i = 0; i < households; i++) await addHousehold(dataSource, community, id);
  return id;
}

/** A household in a building, or (buildingId null) registered at the community without a location. */
export async function addHousehold(
  dataSource: DataSource,
  community: string,
  buildingId: string | null,
): Promise<void> {
  await dataSource.query(
    `INSERT INTO households (id, household_no, building_id, address, path) VALUES ($1, $2, $3, '测试地址', $4)`,
    [randomUUID(), `S${randomUUID().replace(/-/g, '').slice(0, 30)}`, buildingId, pathOfCode(community)],
  );
}

/** A point `meters` due north (negative: south) of `from`. */
export function north(from: { lat: number; lng: number }, meters: number): { lat: number; lng: number } {
  return { lat: from.lat + meters / METERS_PER_DEGREE_LAT, lng: from.lng };
}

/** A person at a desk: a unit's subtree (null: the whole city) and some permissions. */
export function user(scopeCode: string | null, permissions: readonly string[]): Identity {
  return {
    subject: `user-${Math.random().toString(36).slice(2, 10)}`,
    roles: scopeCode === null ? ['city_admin'] : ['street_admin'],
    permissions: [...permissions],
    scopePath: scopeCode === null ? null : pathOfCode(scopeCode),
    department: null,
    kind: 'user',
  };
}
