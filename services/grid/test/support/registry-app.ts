import 'reflect-metadata';
import { Global, Module, type INestApplicationContext, type Type } from '@nestjs/common';
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
import { levelOfCode, pathOfCode } from '../../src/units/unit-levels.js';

// What the registry's integration tests share: a connection to this worker's database, units seeded
// straight into the table, one feature module wired by Nest as in the service (as an application context,
// or served over real gRPC), and running work as a caller.

/** A connection to this Jest worker's database (migrated from the template), on the grid schema. */
export function openRegistryDatabase(applicationName: string): Promise<DataSource> {
  return createDataSource({
    url: testDatabaseUrl(),
    schema: 'grid',
    entities: gridEntities,
    migrations: [],
    poolSize: 4,
    applicationName,
  }).initialize();
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
 * `feature` wired by Nest over `dataSource` with the platform pieces a service has (config, outbox
 * writer, the exception filter and the gRPC identity interceptor). With `grpcPort`, served over gRPC as
 * in the service (identity from metadata, errors as status codes with x-error-code trailers).
 */
export async function startRegistryApp(
  dataSource: DataSource,
  feature: Type,
  options: { config: Record<string, string>; grpcPort?: number },
): Promise<INestApplicationContext> {
  @Global()
  @Module({
    providers: [
      { provide: CONFIG, useValue: options.config },
      { provide: DataSourceToken, useValue: dataSource },
      { provide: OutboxWriter, useValue: new OutboxWriter('grid') },
      { provide: APP_FILTER, useClass: PlatformExceptionFilter },
      { provide: APP_INTERCEPTOR, useClass: GrpcContextInterceptor },
    ],
    exports: [CONFIG, DataSourceToken, OutboxWriter],
  })
  class TestPlatformModule {}

  @Module({ imports: [TestPlatformModule, feature] })
  class TestModule {}

  if (!options.grpcPort) return NestFactory.createApplicationContext(TestModule, { logger: false });
  const server = await NestFactory.createMicroservice<MicroserviceOptions>(TestModule, {
    ...grpcServerOptions({ package: grpcPackages.grid, protoFiles: protoFiles.grid, port: options.grpcPort }),
    logger: false,
  });
  await server.listen();
  return server;
}

/** Runs `work` as `identity`, the way the gRPC interceptor runs a handler. */
export function as<T>(identity: Identity, work: () => Promise<T>): Promise<T> {
  return IdentityContext.run(identity, work);
}

/** The DomainError `work` fails with; fails the test when it succeeds or throws something else. */
export async function domainError(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}
