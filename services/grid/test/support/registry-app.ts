import type { DynamicModule, Type } from '@nestjs/common';
import {
  createServiceTestApp,
  openServiceDatabase,
  testRegistrySecrets,
  type ServiceTestApp,
} from '@yiwang/testing';
import type { DataSource } from 'typeorm';
import type { GridConfig } from '../../src/grid.config.js';
import { gridServiceSpec } from '../../src/grid.service-spec.js';
import { levelOfCode, pathOfCode } from '../../src/units/unit-levels.js';

export { domainError, runAs as as } from '@yiwang/testing';

// What the registry's service-level tests share on top of libs/testing's createServiceTestApp: units seeded
// straight into the table, and one feature module wired over a connection the fixture seeded first.

export type RegistryTestApp = ServiceTestApp<GridConfig>;

/** A connection to this Jest worker's database (migrated from the template), on the grid schema. */
export function openRegistryDatabase(applicationName: string): Promise<DataSource> {
  return openServiceDatabase(gridServiceSpec, applicationName);
}

/** [code, name, boundary GeoJSON?]: level, parent and path follow from the code; existing codes are kept. */
export type UnitSeed = [code: string, name: string, boundary?: unknown];

export async function seedUnits(dataSource: DataSource, units: readonly UnitSeed[]): Promise<void> {
  for (const [code, name, boundary] of units) {
    const level = levelOfCode(code);
    if (!level) throw new Error(`not a division code: ${code}`);
    const path = pathOfCode(code);
    await dataSource.query(
      `INSERT INTO units (code, name, level, kind, parent_code, path, boundary)
       VALUES ($1, $2, $3, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
      [
        code,
        name,
        level,
        code.length > 2 ? path.split('.').at(-2)! : null,
        path,
        boundary ? JSON.stringify(boundary) : null,
      ],
    );
  }
}

/**
 * `feature` of the grid service over `dataSource`, with fresh personal-data keys and `env` on top; with
 * `grpcPort`, served over gRPC as in the service.
 */
export function startRegistryApp(
  dataSource: DataSource,
  feature: Type | DynamicModule,
  options: { env?: Record<string, string>; grpcPort?: number } = {},
): Promise<RegistryTestApp> {
  return createServiceTestApp({
    spec: gridServiceSpec,
    modules: [feature],
    dataSource,
    env: { ...testRegistrySecrets(), ...options.env },
    grpc: options.grpcPort,
  });
}
