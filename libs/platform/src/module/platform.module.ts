import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { BaseServiceConfig } from '../config/define-config.js';
import { createDataSource } from '../database/data-source.js';
import { GrpcContextInterceptor } from '../grpc/grpc-server.js';
import { HealthController } from '../health/health.controller.js';
import { HealthService } from '../health/health.service.js';
import { PlatformExceptionFilter } from '../http/platform-exception.filter.js';
import { logger } from '../logging/logger.js';
import { ConsumerHost } from '../messaging/consumer-host.js';
import { NatsClient } from '../messaging/nats-client.js';
import { ensureStreams } from '../messaging/streams.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { OutboxWriter } from '../outbox/outbox-writer.js';
import { TextPolicyPipe } from '../text/text-policy.pipe.js';
import { PlatformLifecycle } from './platform-lifecycle.js';
import type { ServiceSpec } from './service-spec.js';
import { CONFIG, LOGGER, SERVICE_SPEC } from './tokens.js';

/**
 * Database, NATS, outbox relay, consumers, health, metrics and error mapping for one service. Every
 * service's root module imports PlatformModule.forRoot(spec, config) and nothing else from here.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot<C extends BaseServiceConfig>(spec: ServiceSpec<C>, config: C): DynamicModule {
    return {
      module: PlatformModule,
      imports: [DiscoveryModule],
      controllers: [HealthController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: SERVICE_SPEC, useValue: spec },
        { provide: LOGGER, useFactory: () => logger() },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource({
              url: config.DATABASE_URL,
              schema: spec.schema,
              entities: spec.entities,
              migrations: spec.migrations,
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: spec.name,
            });
            return dataSource.initialize();
          },
        },
        {
          provide: NatsClient,
          useFactory: async () => {
            const nats = await NatsClient.connect({
              url: config.NATS_URL,
              name: spec.name,
              logger: logger(),
            });
            await ensureStreams(nats.jsm, {
              prefix: config.NATS_PREFIX,
              replicas: config.NATS_STREAM_REPLICAS,
            });
            return nats;
          },
        },
        { provide: OutboxWriter, useValue: new OutboxWriter(spec.schema) },
        {
          provide: OutboxRelay,
          inject: [DataSource, NatsClient],
          useFactory: (dataSource: DataSource, nats: NatsClient) =>
            new OutboxRelay({
              dataSource,
              databaseUrl: config.DATABASE_URL,
              schema: spec.schema,
              js: nats.js,
              subjectPrefix: config.NATS_PREFIX,
              logger: logger(),
              onNatsReconnect: (listener) => nats.onReconnect(listener),
            }),
        },
        {
          provide: ConsumerHost,
          inject: [NatsClient, DataSource],
          useFactory: (nats: NatsClient, dataSource: DataSource) =>
            new ConsumerHost(nats, dataSource, config.NATS_PREFIX, logger()),
        },
        HealthService,
        PlatformLifecycle,
        { provide: APP_FILTER, useClass: PlatformExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: GrpcContextInterceptor },
        { provide: APP_PIPE, useClass: TextPolicyPipe },
      ],
      exports: [CONFIG, LOGGER, SERVICE_SPEC, DataSource, NatsClient, OutboxWriter, HealthService],
    };
  }

  /**
   * For command-line tools and scripts: the database and the outbox writer, no NATS, no relay, no
   * consumers. Events written by a tool are published by the running service's relay.
   */
  static forContext<C extends BaseServiceConfig>(spec: ServiceSpec<C>, config: C): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: SERVICE_SPEC, useValue: spec },
        { provide: LOGGER, useFactory: () => logger() },
        {
          provide: DataSource,
          useFactory: () =>
            createDataSource({
              url: config.DATABASE_URL,
              schema: spec.schema,
              entities: spec.entities,
              migrations: spec.migrations,
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: `${spec.name}-cli`,
            }).initialize(),
        },
        { provide: OutboxWriter, useValue: new OutboxWriter(spec.schema) },
        HealthService,
      ],
      exports: [CONFIG, LOGGER, SERVICE_SPEC, DataSource, OutboxWriter, HealthService],
    };
  }
}
