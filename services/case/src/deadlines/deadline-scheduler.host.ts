import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CONFIG, HealthService, LOGGER, OutboxWriter } from '@yiwang/platform';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { CaseConfig } from '../case.config.js';
import { SupervisionRepository } from '../supervision/supervision.repository.js';
import { recordFired } from './deadline-metrics.js';
import { DeadlineScheduler } from './deadline-scheduler.js';
import { DeadlineRepository } from './deadline.repository.js';

/** Runs the deadline scheduler for the service's lifetime (unless CASE_SCHEDULER_ENABLED=false). */
@Injectable()
export class DeadlineSchedulerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly scheduler: DeadlineScheduler;

  constructor(
    dataSource: DataSource,
    deadlines: DeadlineRepository,
    cards: SupervisionRepository,
    outbox: OutboxWriter,
    health: HealthService,
    @Inject(CONFIG) private readonly config: CaseConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.scheduler = new DeadlineScheduler({
      dataSource,
      databaseUrl: config.DATABASE_URL,
      deadlines,
      cards,
      outbox,
      logger,
      batchSize: config.CASE_SCHEDULER_BATCH,
      maxIdleMs: config.CASE_SCHEDULER_MAX_IDLE_MS,
      onFired: recordFired,
    });
    if (config.CASE_SCHEDULER_ENABLED)
      health.register('deadline-listener', async () => this.scheduler.listenerHealth());
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.CASE_SCHEDULER_ENABLED) await this.scheduler.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}
