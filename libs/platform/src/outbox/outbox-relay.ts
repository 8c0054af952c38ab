import { headers as natsHeaders } from '@nats-io/transport-node';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PgListener } from '../database/pg-listener.js';
import type { CheckResult } from '../health/health.service.js';
import {
  messagesPublished,
  outboxBacklog,
  outboxPublishFailures,
  registerProbe,
} from '../metrics/metrics.js';
import { outboxChannel } from './outbox-writer.js';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  databaseUrl: string;
  schema: string;
  js: JetStreamClient;
  subjectPrefix: string;
  logger: Logger;
  batchSize?: number;
  /** Fallback poll when no notification arrives (a missed NOTIFY must not strand rows). */
  idlePollMs?: number;
  /** First pause after a failed batch; it doubles up to maxBackoffMs while failures go on. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  publishTimeoutMs?: number;
  /**
   * The NATS connection's reconnect events: a relay backing off while NATS was down publishes again as
   * soon as it is back, rather than when its backoff (up to maxBackoffMs) runs out.
   */
  onNatsReconnect?: (listener: () => void) => () => void;
}

interface OutboxRow {
  id: string;
  subject: string;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * Publishes outbox rows to JetStream. Rows are claimed with FOR UPDATE SKIP LOCKED, so replicas share the
 * work without double-claiming; the row id is the Nats-Msg-Id, so a publish repeated after a crash between
 * ack and delete is dropped by the stream's duplicate window; rows are deleted only after the ack.
 * While NATS is down the relay backs off exponentially and keeps every row; NATS coming back ends the
 * backoff. It wakes on NOTIFY through a LISTEN connection that is re-opened after a database restart.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private notifiedSinceBatch = false;
  private interrupt: (() => void) | undefined;
  private listener: PgListener | undefined;
  private stopReconnectWatch: (() => void) | undefined;
  private backoff: number;
  private backingOff = false;
  private readonly batchSize: number;
  private readonly idlePollMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly publishTimeoutMs: number;
  private unregisterProbe: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.idlePollMs = options.idlePollMs ?? 1000;
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.backoff = this.minBackoffMs;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.listener = new PgListener({
      databaseUrl: this.options.databaseUrl,
      channels: [outboxChannel(this.options.schema)],
      applicationName: 'outbox-listener',
      logger: this.options.logger,
      onNotification: () => this.notified(),
      // Rows written while the connection was down announced themselves to nobody: look now.
      onListening: () => this.notified(),
    });
    await this.listener.start();
    this.stopReconnectWatch = this.options.onNatsReconnect?.(() => {
      this.backoff = this.minBackoffMs;
      if (this.backingOff) {
        this.options.logger.info('NATS is back; the outbox relay publishes again');
        this.interrupt?.();
      }
    });
    this.unregisterProbe = registerProbe(async () => {
      const [row] = await this.options.dataSource.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM outbox LIMIT 1000000) t`,
      );
      outboxBacklog.set(row.n);
    });
    this.loop = this.run();
  }

  /** Stops the loop, then publishes what is left until the outbox is empty or the deadline passes. */
  async stop(deadlineMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.interrupt?.();
    await this.loop;
    const until = Date.now() + deadlineMs;
    try {
      while (Date.now() < until && (await this.publishBatch()) > 0) {
        /* keep flushing */
      }
    } catch (error) {
      this.options.logger.warn(
        { err: error },
        'outbox flush at shutdown incomplete; rows stay for the next start',
      );
    }
    this.unregisterProbe?.();
    this.stopReconnectWatch?.();
    await this.listener?.stop();
  }

  /** The LISTEN connection's state, for readiness: `degraded` while it is being re-opened. */
  listenerHealth(): CheckResult {
    return this.listener?.health() ?? { status: 'up', detail: 'not started' };
  }

  /**
   * A notification that arrives while a batch is being read finds no sleeper to wake; it is remembered,
   * or the rows it announces would wait for the idle poll (minutes).
   */
  private notified(): void {
    this.notifiedSinceBatch = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.notifiedSinceBatch = false;
        const published = await this.publishBatch();
        this.backoff = this.minBackoffMs;
        if (published === this.batchSize) continue;
        await this.idle(this.idlePollMs);
      } catch (error) {
        outboxPublishFailures.inc();
        const pause = this.backoff;
        this.options.logger.warn(
          { err: error, retryInMs: pause },
          'outbox relay cannot publish; backing off',
        );
        this.backoff = Math.min(pause * 2, this.maxBackoffMs);
        this.backingOff = true;
        await this.idle(pause, false);
        this.backingOff = false;
      }
    }
  }

  /** Sleeps for ms; a notification ends the sleep early unless backing off; stop() always does. */
  private idle(ms: number, wakeOnNotify = true): Promise<void> {
    if (wakeOnNotify && this.notifiedSinceBatch) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = wakeOnNotify ? finish : undefined;
      this.interrupt = finish;
    });
  }

  /** Claims, publishes and deletes one batch; returns how many rows were published. */
  async publishBatch(): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows: OutboxRow[] = await runner.query(
        `SELECT id, subject, payload, headers FROM outbox ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const results = await Promise.allSettled(rows.map((row) => this.publishRow(row)));
      const done = rows.filter((_, i) => results[i].status === 'fulfilled').map((row) => row.id);
      if (done.length > 0) {
        await runner.query(`DELETE FROM outbox WHERE id = ANY($1::uuid[])`, [done]);
      }
      await runner.commitTransaction();
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return done.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async publishRow(row: OutboxRow): Promise<void> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(row.headers ?? {})) h.set(key, value);
    h.set('x-event-subject', row.subject);
    const subject = this.options.subjectPrefix ? `${this.options.subjectPrefix}.${row.subject}` : row.subject;
    await this.options.js.publish(subject, JSON.stringify(row.payload), {
      msgID: row.id,
      headers: h,
      timeout: this.publishTimeoutMs,
    });
    messagesPublished.inc({ subject: row.subject });
  }
}
