import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CONFIG, LOGGER, metricsRegistry } from '@yiwang/platform';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import type { CaseConfig } from '../case.config.js';
import { CalendarRuntime } from '../calendar/calendar-runtime.js';
import { CalendarRepository, type RecomputeJobRow } from '../calendar/calendar.repository.js';
import { CaseTrackService } from './case-track.service.js';
import { DeadlineRepository } from './deadline.repository.js';

const FIRST_ID = '00000000-0000-0000-0000-000000000000';
/** A running job whose heartbeat is older than this lost its worker and is taken over. */
const STALE_MS = 120_000;

const recomputed = new Counter({
  name: 'yiwang_calendar_recomputed_cases_total',
  help: 'Cases whose clocks were recomputed after a calendar change, by whether a due time moved',
  labelNames: ['moved'] as const,
  registers: [metricsRegistry],
});

/**
 * The window of a year's change: its own days and the end of December before it (a 元旦 holiday may start
 * there). A clock is recomputed when it is open and its span from start to due meets the window.
 */
export function yearWindow(year: number): { from: Date; to: Date } {
  return {
    from: new Date(`${year - 1}-12-24T00:00:00Z`),
    to: new Date(`${year + 1}-01-02T00:00:00Z`),
  };
}

/**
 * Recomputes the running deadlines of a year whose calendar changed, in batches of
 * CASE_CALENDAR_RECOMPUTE_BATCH cases per transaction. Each case's track row records the calendar
 * generation its clocks were folded with, so the work is idempotent: a job taken over after a crash, or
 * two replicas racing, skip what is done. Jobs are claimed with SKIP LOCKED; the worker wakes on a change
 * announced to its replica and on a sweep every CASE_CALENDAR_SWEEP_MS.
 */
@Injectable()
export class CalendarRecomputeWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarRepository,
    private readonly runtime: CalendarRuntime,
    private readonly deadlines: DeadlineRepository,
    private readonly tracks: CaseTrackService,
    @Inject(CONFIG) private readonly config: CaseConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    runtime.onChange(() => this.kick());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweep(), this.config.CASE_CALENDAR_SWEEP_MS);
    this.timer.unref();
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Looks for work now (after a change was announced or made here). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn({ err }, 'calendar recompute failed; retrying on the sweep'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** A change this replica missed (NATS was down) is picked up here, as is a job whose worker died. */
  private sweep(): void {
    void this.dataSource.manager
      .transaction(async (manager) => this.runtime.ensure(await this.calendars.generation(manager)))
      .then(() => this.kick())
      .catch((err: unknown) => this.logger.warn({ err }, 'calendar sweep failed'));
  }

  /** Runs every claimable job to its end; answers how many it finished. */
  async drain(): Promise<number> {
    let finished = 0;
    while (!this.stopped) {
      const job = await this.dataSource.transaction((manager) =>
        this.calendars.claimJob(manager, new Date(Date.now() - STALE_MS)),
      );
      if (!job) return finished;
      await this.run(job);
      finished++;
    }
    return finished;
  }

  private async run(job: RecomputeJobRow): Promise<void> {
    const started = Date.now();
    const window = yearWindow(job.year);
    try {
      await this.runtime.ensure(job.generation);
      const manager = this.dataSource.manager;
      if (job.total === 0) {
        const total = await this.deadlines.countToRecompute(manager, window, job.generation);
        await this.calendars.setTotal(manager, job.id, total);
      }
      let cursor = FIRST_ID;
      let done = 0;
      let moved = 0;
      while (!this.stopped) {
        const batch = await this.dataSource.transaction(async (tx) => {
          const ids = await this.deadlines.casesToRecompute(
            tx,
            window,
            job.generation,
            cursor,
            this.config.CASE_CALENDAR_RECOMPUTE_BATCH,
          );
          let changed = 0;
          for (const id of ids) if (await this.tracks.recompute(tx, id)) changed++;
          const alive = await this.calendars.progress(tx, job.id, ids.length, changed);
          return { ids, changed, alive };
        });
        if (batch.ids.length === 0) break;
        cursor = batch.ids[batch.ids.length - 1];
        done += batch.ids.length;
        moved += batch.changed;
        recomputed.inc({ moved: 'true' }, batch.changed);
        recomputed.inc({ moved: 'false' }, batch.ids.length - batch.changed);
        if (!batch.alive) {
          this.logger.info(
            { job: job.id, year: job.year },
            'calendar recompute superseded by a newer change',
          );
          return;
        }
      }
      if (this.stopped) return; // left running: taken over after a restart, done cases are skipped
      await this.calendars.finishJob(this.dataSource.manager, job.id, 'done', null);
      this.logger.info(
        { job: job.id, year: job.year, cases: done, moved, ms: Date.now() - started },
        'calendar recompute done',
      );
    } catch (error) {
      // Left running: its heartbeat goes stale and a sweep takes it over; done cases are skipped then.
      this.logger.warn({ err: error, job: job.id, year: job.year }, 'calendar recompute batch failed');
      await this.calendars
        .recordError(this.dataSource.manager, job.id, error instanceof Error ? error.message : String(error))
        .catch(() => undefined);
      throw error;
    }
  }
}
