import { headers as natsHeaders } from '@nats-io/transport-node';
import type { JetStreamClient } from '@nats-io/jetstream';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
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
  maxBackoffMs?: number;
  publishTimeoutMs?: number;
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
 * While NATS is down the relay backs off exponentially and keeps every row.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private interrupt: (() => void) | undefined;
  private listener: pg.Client | undefined;
  private readonly batchSize: number;
  private readonly idlePollMs: number;
  private readonly maxBackoffMs: number;
  private readonly publishTimeoutMs: number;
  private unregisterProbe: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.idlePollMs = options.idlePollMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
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
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    try {
      const client = new pg.Client({
        connectionString: this.options.databaseUrl,
        application_name: 'outbox-listener',
      });
      client.on('error', (err) =>
        this.options.logger.warn({ err }, 'outbox listener connection lost; polling'),
      );
      client.on('notification', () => this.wake?.());
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.options.schema)}`);
      this.listener = client;
    } catch (err) {
      this.options.logger.warn({ err }, 'outbox LISTEN unavailable; falling back to polling');
    }
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      try {
        const published = await this.publishBatch();
        backoff = 100;
        if (published === this.batchSize) continue;
        await this.idle(this.idlePollMs);
      } catch (error) {
        outboxPublishFailures.inc();
        this.options.logger.warn(
          { err: error, retryInMs: backoff },
          'outbox relay cannot publish; backing off',
        );
        await this.idle(backoff, false);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
  }

  /** Sleeps for ms; a notification ends the sleep early unless backing off; stop() always does. */
  private idle(ms: number, wakeOnNotify = true): Promise<void> {
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
