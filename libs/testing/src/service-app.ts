import 'reflect-metadata';
import {
  Global,
  Module,
  type DynamicModule,
  type INestApplicationContext,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import {
  CONFIG,
  DomainError,
  GrpcContextInterceptor,
  HealthService,
  IdentityContext,
  LOGGER,
  OutboxWriter,
  PlatformExceptionFilter,
  PlatformModule,
  SERVICE_SPEC,
  createDataSource,
  grpcServerOptions,
  loadConfig,
  logger,
  migrateService,
  type BaseServiceConfig,
  type Identity,
  type ServiceSpec,
} from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { testDatabaseUrl, testNatsPrefix, testNatsUrl } from './environment.js';
import { freePort } from './ports.js';

// A service-level test: the service's own feature modules wired by Nest as in the service, on this Jest
// worker's real PostgreSQL database (its schema migrated), without the other processes of the platform.
// Downstream services are replaced by in-process gRPC peers (grpc-peer.ts) whose address goes in `env`.

export interface ServiceTestAppOptions<C extends BaseServiceConfig> {
  /** The service's declaration: its schema, entities, migrations, config schema and gRPC package. */
  spec: ServiceSpec<C>;
  /** The feature modules under test (not the service's AppModule: only what the test needs). */
  modules: Array<Type | DynamicModule>;
  /** Environment on top of the test database, NATS and a silent log; validated by the spec's config schema. */
  env?: Record<string, string | undefined>;
  /**
   * Serve the spec's gRPC package as the service does (identity from metadata, errors as status codes):
   * `true` on a free port, or on the port given.
   */
  grpc?: boolean | number;
  /**
   * The real platform module: NATS under a private prefix, the outbox relay publishing, `@OnEvent`
   * consumers running. Without it, events stay in the outbox table, where the test reads them.
   */
  messaging?: boolean | { namespace: string };
  /** An open connection to use (a fixture that seeded rows first); closing the app leaves it open. */
  dataSource?: DataSource;
  /** Extra global providers, e.g. a replacement for one the feature modules would otherwise need. */
  providers?: Provider[];
}

export interface OutboxEvent {
  id: string;
  subject: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface ServiceTestApp<C extends BaseServiceConfig> {
  app: INestApplicationContext;
  config: C;
  dataSource: DataSource;
  /** `127.0.0.1:<port>` when served over gRPC. */
  grpcAddress?: string;
  /** The NATS subject prefix with `messaging`. */
  natsPrefix?: string;
  get<T>(token: Type<T> | string | symbol): T;
  /** Runs `work` as `identity`, the way the gRPC interceptor runs a handler. */
  as<T>(identity: Identity, work: () => Promise<T>): Promise<T>;
  /** Events this app wrote to its outbox since it started, oldest first, optionally of one subject. */
  outbox(subject?: string): Promise<OutboxEvent[]>;
  /** Closes the app (and the connection it opened) and drops the outbox rows it wrote. */
  close(): Promise<void>;
}

/** A connection to this Jest worker's database on a service's schema, with its entities. */
export function openServiceDatabase(
  spec: Pick<ServiceSpec<never>, 'name' | 'schema' | 'entities'>,
  applicationName = `${spec.name}-test`,
): Promise<DataSource> {
  return createDataSource({
    url: testDatabaseUrl(),
    schema: spec.schema,
    entities: spec.entities,
    migrations: [],
    poolSize: 4,
    applicationName,
  }).initialize();
}

export async function createServiceTestApp<C extends BaseServiceConfig>(
  options: ServiceTestAppOptions<C>,
): Promise<ServiceTestApp<C>> {
  const { spec } = options;
  const grpcPort =
    typeof options.grpc === 'number' ? options.grpc : options.grpc ? await freePort() : undefined;
  const namespace = typeof options.messaging === 'object' ? options.messaging.namespace : spec.name;
  const config = loadConfig(spec.configSchema as never, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_SIZE: '4',
    NATS_URL: testNatsUrl(),
    NATS_PREFIX: testNatsPrefix(`_${namespace}`),
    ...(grpcPort ? { GRPC_PORT: String(grpcPort) } : {}),
    ...options.env,
  }) as C;
  // The worker's database is a copy of a template migrated at the start of the run; migrating again is a
  // no-op there, and brings in a migration added since (a new feature's table) without a new template.
  await migrateService(spec, config);

  const ownsDataSource = !options.dataSource && !options.messaging;
  const dataSource = options.dataSource ?? (options.messaging ? undefined : await openServiceDatabase(spec));
  // The database runs on this machine's clock: rows written from here on are this app's.
  const since = new Date();
  const platform = options.messaging
    ? PlatformModule.forRoot(spec, config)
    : testPlatformModule(spec, config, dataSource!);

  @Module({ imports: [platform, ...options.modules], providers: options.providers ?? [] })
  class ServiceTestModule {}

  let app: INestApplicationContext;
  try {
    if (!grpcPort) {
      app = await NestFactory.createApplicationContext(ServiceTestModule, { logger: false });
    } else {
      const server = await NestFactory.createMicroservice<MicroserviceOptions>(ServiceTestModule, {
        ...grpcServerOptions({
          package: spec.grpc!.package,
          protoFiles: spec.grpc!.protoFiles,
          port: grpcPort,
        }),
        logger: false,
      });
      await server.listen();
      app = server;
    }
  } catch (error) {
    if (ownsDataSource) await dataSource!.destroy();
    throw error;
  }
  const db: DataSource = dataSource ?? app.get(DataSource);
  const outboxTable = `"${spec.schema}".outbox`;
  return {
    app,
    config,
    dataSource: db,
    grpcAddress: grpcPort ? `127.0.0.1:${grpcPort}` : undefined,
    natsPrefix: options.messaging ? config.NATS_PREFIX : undefined,
    get: (token) => app.get(token as never),
    as: runAs,
    outbox: async (subject) => {
      const rows: Array<{ id: string; subject: string; payload: Record<string, unknown>; created_at: Date }> =
        await db.query(
          `SELECT id, subject, payload, created_at FROM ${outboxTable}
           WHERE created_at >= $1 AND ($2::text IS NULL OR subject = $2) ORDER BY created_at, id`,
          [since, subject ?? null],
        );
      return rows.map((r) => ({ id: r.id, subject: r.subject, payload: r.payload, createdAt: r.created_at }));
    },
    close: async () => {
      // Nobody publishes these rows; a service process started later on this worker's database would.
      if (!options.messaging) await db.query(`DELETE FROM ${outboxTable} WHERE created_at >= $1`, [since]);
      await app.close();
      if (ownsDataSource) await db.destroy();
    },
  };
}

/**
 * What a service gets from PlatformModule.forRoot, minus NATS, the relay and the consumers: config, the
 * connection, the outbox writer, the exception filter and the gRPC identity interceptor.
 */
function testPlatformModule<C extends BaseServiceConfig>(
  spec: ServiceSpec<C>,
  config: C,
  dataSource: DataSource,
): DynamicModule {
  @Global()
  @Module({})
  class TestPlatformModule {}
  return {
    module: TestPlatformModule,
    providers: [
      { provide: CONFIG, useValue: config },
      { provide: SERVICE_SPEC, useValue: spec },
      { provide: LOGGER, useFactory: () => logger() },
      { provide: DataSource, useValue: dataSource },
      { provide: OutboxWriter, useValue: new OutboxWriter(spec.schema) },
      HealthService,
      { provide: APP_FILTER, useClass: PlatformExceptionFilter },
      { provide: APP_INTERCEPTOR, useClass: GrpcContextInterceptor },
    ],
    exports: [CONFIG, SERVICE_SPEC, LOGGER, DataSource, OutboxWriter, HealthService],
  };
}

/** Runs `work` as `identity`, the way the gRPC interceptor runs a handler. */
export function runAs<T>(identity: Identity, work: () => Promise<T>): Promise<T> {
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
