import type { Identity } from '@yiwang/platform';
import { testRegistrySecrets } from '@yiwang/testing';
import type { DataSource } from 'typeorm';
import { makeIdNumber } from '../../src/people/index.js';
import { PeopleModule } from '../../src/people/people.module.js';
import { ResidentSearchRepository } from '../../src/people/resident-search.repository.js';
import { ResidentSearchService } from '../../src/people/resident-search.service.js';
import { ResidentTagsService } from '../../src/people/resident-tags.service.js';
import { ResidentsService } from '../../src/people/residents.service.js';
import { PlacesService } from '../../src/places/places.service.js';
import { PERMISSIONS } from '../../src/scope/data-scope.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import {
  openRegistryDatabase,
  seedUnits,
  startRegistryApp,
  type RegistryTestApp,
} from '../support/registry-app.js';

export { as, domainError } from '../support/registry-app.js';

/** Every permission the registry knows. */
export const ALL = Object.values(PERMISSIONS);

/**
 * A private corner of the administrative tree for one test file (district `9901NN`, which no real
 * division uses), so files sharing a worker database never see each other's rows; and the people
 * feature wired by Nest over this worker's database, with fresh personal-data keys.
 */
export interface PeopleFixture {
  app: RegistryTestApp;
  dataSource: DataSource;
  places: PlacesService;
  residents: ResidentsService;
  tags: ResidentTagsService;
  search: ResidentSearchService;
  searchRepository: ResidentSearchRepository;
  district: string;
  street: string;
  /** Two communities of the street, and one of another street of the same district. */
  communityA: string;
  communityB: string;
  communityOther: string;
  /** Active grids: two in A, one in B; plus a retired grid in A. */
  gridA1: string;
  gridA2: string;
  gridB1: string;
  gridRetired: string;
  config: Record<string, string>;
  close(): Promise<void>;
}

/**
 * With `grpcPort`, the module is served over gRPC as in the service (identity from metadata, errors as
 * status codes with x-error-code trailers); without, it is a plain application context.
 */
export async function startPeople(options: { grpcPort?: number } = {}): Promise<PeopleFixture> {
  const district = `9901${String(10 + Math.floor(Math.random() * 90))}`;
  const street = `${district}${String(100 + Math.floor(Math.random() * 800))}`;
  const otherStreet = `${district}${String(Number(street.slice(6)) + 100)}`;
  const communityA = `${street}001`;
  const communityB = `${street}002`;
  const communityOther = `${otherStreet}001`;
  const dataSource = await openRegistryDatabase('people-test');
  try {
    return await wire(
      dataSource,
      { district, street, otherStreet, communityA, communityB, communityOther },
      options.grpcPort,
    );
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

async function wire(
  dataSource: DataSource,
  codes: Pick<PeopleFixture, 'district' | 'street' | 'communityA' | 'communityB' | 'communityOther'> & {
    otherStreet: string;
  },
  grpcPort: number | undefined,
): Promise<PeopleFixture> {
  const { district, street, otherStreet, communityA, communityB, communityOther } = codes;
  await seedUnits(dataSource, [
    ['99', '测试省'],
    ['9901', '测试市'],
    [district, '测试区'],
    [street, '测试街道'],
    [otherStreet, '另一街道'],
    [communityA, '甲社区'],
    [communityB, '乙社区'],
    [communityOther, '丙社区'],
  ]);
  const grid = (community: string, suffix: string, status = 'active') =>
    addGrid(dataSource, community, suffix, status);
  const config = testRegistrySecrets();
  const app = await startRegistryApp(dataSource, PeopleModule, { env: config, grpcPort });
  return {
    app,
    dataSource,
    places: app.get(PlacesService),
    residents: app.get(ResidentsService),
    tags: app.get(ResidentTagsService),
    search: app.get(ResidentSearchService),
    searchRepository: app.get(ResidentSearchRepository),
    district,
    street,
    communityA,
    communityB,
    communityOther,
    gridA1: await grid(communityA, 'G01'),
    gridA2: await grid(communityA, 'G02'),
    gridB1: await grid(communityB, 'G01'),
    gridRetired: await grid(communityA, 'G09', 'retired'),
    config,
    close: async () => {
      await app.close();
      await dataSource.destroy();
    },
  };
}

/** An active (or retired) grid directly under a community, with a placeholder boundary. */
export async function addGrid(
  dataSource: DataSource,
  community: string,
  suffix: string,
  status = 'active',
): Promise<string> {
  const code = `${community}-${suffix}`;
  await dataSource.query(
    `INSERT INTO grids (code, name, type, community_code, path, boundary, status)
     VALUES ($1, $2, 'routine', $3, $4, $5, $6)`,
    [
      code,
      code,
      community,
      `${pathOfCode(community)}.${code}`,
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [113, 23],
            [113.01, 23],
            [113, 23.01],
            [113, 23],
          ],
        ],
      }),
      status,
    ],
  );
  return code;
}

/** The path of a unit code, or of a fixture grid (`<community>-Gnn`, directly under its community). */
export function pathOfPlace(code: string): string {
  const [community] = code.split('-');
  return community === code ? pathOfCode(code) : `${pathOfCode(community)}.${code}`;
}

/** A person at a desk: a unit's subtree (null: the whole city) and some permissions. */
export function user(scopeCode: string | null, permissions: readonly string[], subject?: string): Identity {
  const scopePath = scopeCode === null ? null : pathOfPlace(scopeCode);
  return {
    subject: subject ?? `user-${Math.random().toString(36).slice(2, 10)}`,
    roles: scopeCode === null ? ['city_admin'] : ['grid_worker'],
    permissions: [...permissions],
    scopePath,
    department: null,
    kind: 'user',
  };
}

// Spec files share the worker's database and ID numbers are unique across it: each file starts its run of
// birth days at a random day (about 55 years of them), so two files' numbers collide about once in 16 million.
let idCounter = Math.floor(Math.random() * 20_000);
/** A valid, distinct ID number per call (born on consecutive days from 1950, registered in 440106). */
export function nextIdNumber(sequence = 100 + Math.floor(Math.random() * 800)): string {
  idCounter += 1;
  const birth = new Date(Date.UTC(1950, 0, 1) + idCounter * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber('440106', birth, sequence);
}

let phoneCounter = 0;
export function nextPhone(): string {
  phoneCounter += 1;
  return `139${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}${String(phoneCounter % 10_000).padStart(4, '0')}`;
}
