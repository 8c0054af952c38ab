import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { BaseServiceConfig } from '../config/define-config.js';
import { HealthService } from '../health/health.service.js';
import { ConsumerHost, type ConsumerRegistration } from '../messaging/consumer-host.js';
import { NatsClient } from '../messaging/nats-client.js';
import { ON_EVENT_METADATA, type OnEventMetadata } from '../messaging/on-event.decorator.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { CONFIG, LOGGER } from './tokens.js';

/**
 * Start-up and shutdown order. Start: health checks, consumers, relay. Shutdown (after readiness turned to
 * draining): consumers stop and finish what they hold; Nest closes HTTP and gRPC; the relay flushes what is
 * left; then NATS drains and the database pool closes.
 */
@Injectable()
export class PlatformLifecycle
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly nats: NatsClient,
    private readonly relay: OutboxRelay,
    private readonly consumers: ConsumerHost,
    private readonly health: HealthService,
    @Inject(CONFIG) private readonly config: BaseServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.health.register('database', async () => {
      await this.dataSource.query('SELECT 1');
      return { status: 'up' };
    });
    this.health.register('nats', async () =>
      this.nats.isConnected() ? { status: 'up' } : { status: 'down', detail: 'disconnected' },
    );
    this.health.register('outbox-listener', async () => this.relay.listenerHealth());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start(this.discoverHandlers());
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.health.setDraining();
    await this.consumers.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop(Math.floor(this.config.SHUTDOWN_TIMEOUT_MS / 2));
    await this.nats.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.info('stopped cleanly');
  }

  private discoverHandlers(): ConsumerRegistration[] {
    const registrations: ConsumerRegistration[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const options = this.reflector.get<OnEventMetadata | undefined>(ON_EVENT_METADATA, prototype[method]);
        if (!options) continue;
        const fn = instance[method] as (...args: unknown[]) => Promise<void>;
        registrations.push({ options, handler: (payload, context) => fn.call(instance, payload, context) });
      }
    }
    const durables = registrations.map((r) => r.options.durable);
    const repeated = durables.find((d, i) => durables.indexOf(d) !== i);
    if (repeated) throw new Error(`Durable consumer name "${repeated}" is used twice`);
    return registrations;
  }
}
