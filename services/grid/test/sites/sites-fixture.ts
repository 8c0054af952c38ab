import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { grpcPackages, protoFiles } from '@yiwang/contracts';
import {
  CONFIG,
  createDataSource,
  DomainError,
  GrpcContextInterceptor,
  grpcServerOptions,
  IdentityContext,
  OutboxWriter,
  PlatformExceptionFilter,
  type Identity,
} from '@yiwang/platform';
import { testDatabaseUrl } from '@yiwang/testing';
import { DataSource as DataSourceToken, type DataSource } from 'typeorm';
import { gridEntities } from '../../src/database/entities.js';
import { EARTH_RADIUS_METERS } from '../../src/geometry/index.js';
import { CoverageService } from '../../src/sites/coverage.service.js';
import { ServiceSitesService } from '../../src/sites/service-sites.service.js';
import { SitesModule } from '../../src/sites/sites.module.js';
import { pathOfCode } from '../../src/units/unit-levels.js';

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
  app: INestApplicationContext;
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
  const dataSource = await createDataSource({
    url: testDatabaseUrl(),
    schema: 'grid',
    entities: gridEntities,
    migrations: [],
    poolSize: 4,
    applicationName: 'sites-test',
  }).initialize();
  try {
    const units: [string, string, string][] = [
      ['99', '测试省', 'province'],
      ['9907', '站点市', 'city'],
      [district, '站点区', 'district'],
      [codes.street, '甲街道', 'street'],
      [codes.street2, '乙街道', 'street'],
      [codes.communityA, '甲社区', 'community'],
      [codes.communityB, '乙社区', 'community'],
      [codes.communityC, '丙社区', 'community'],
      [otherDistrict, '邻区', 'district'],
      [`${otherDistrict}001`, '邻街道', 'street'],
      [codes.otherCommunity, '邻社区', 'community'],
    ];
    for (const [code, name, level] of units) {
      const parent = code.length > 2 ? pathOfCode(code).split('.').at(-2)! : null;
      await dataSource.query(
        `INSERT INTO units (code, name, level, kind, parent_code, path) VALUES ($1, $2, $3, $3, $4, $5)
         ON CONFLICT (code) DO NOTHING`,
        [code, name, level, parent, pathOfCode(code)],
      );
    }

    @Global()
    @Module({
      providers: [
        { provide: CONFIG, useValue: { SERVICE_CIRCLE_METERS: options.circleMeters ?? '800' } },
        { provide: DataSourceToken, useValue: dataSource },
        { provide: OutboxWriter, useValue: new OutboxWriter('grid') },
        { provide: APP_FILTER, useClass: PlatformExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: GrpcContextInterceptor },
      ],
      exports: [CONFIG, DataSourceToken, OutboxWriter],
    })
    class TestPlatformModule {}

    @Module({ imports: [TestPlatformModule, SitesModule] })
    class TestModule {}

    let app: INestApplicationContext;
    if (options.grpcPort) {
      const server = await NestFactory.createMicroservice<MicroserviceOptions>(TestModule, {
        ...grpcServerOptions({
          package: grpcPackages.grid,
          protoFiles: protoFiles.grid,
          port: options.grpcPort,
        }),
        logger: false,
      });
      await server.listen();
      app = server;
    } else {
      app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    }
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

/** Runs `work` as `identity`, the way the gRPC interceptor runs a handler. */
export function as<T>(identity: Identity, work: () => Promise<T>): Promise<T> {
  return IdentityContext.run(identity, work);
}

export async function domainError(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}
