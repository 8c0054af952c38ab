import pg from 'pg';
import type { Logger } from 'pino';
import type { CheckResult } from '../health/health.service.js';

export interface PgListenerOptions {
  databaseUrl: string;
  channels: readonly string[];
  /** Shown in pg_stat_activity (`outbox-listener`, `deadline-scheduler`). */
  applicationName: string;
  logger: Logger;
  onNotification: (payload: string | undefined, channel: string) => void;
  /**
   * Called each time LISTEN is (re-)established. Notifications sent while the connection was down are
   * lost, so the owner looks at the table again instead of waiting for its idle timer.
   */
  onListening?: () => void;
  /** Longest pause between two reconnection attempts. */
  maxRetryMs?: number;
}

type ListenerState = 'connecting' | 'listening' | 'reconnecting' | 'stopped';

/**
 * A LISTEN connection that comes back: when the database restarts or the connection drops, it reconnects
 * with a growing pause (to 5 s) and listens again, for as long as it runs. Its health says `degraded`
 * while it is not listening: the owner still works by polling, but later than it should.
 */
export class PgListener {
  private client: pg.Client | undefined;
  private state: ListenerState = 'connecting';
  private timer: NodeJS.Timeout | undefined;
  private pause = 100;
  private lostAt: Date | undefined;
  private readonly maxRetryMs: number;
  /** How many times LISTEN was re-established after a loss, for metrics and tests. */
  reconnections = 0;

  constructor(private readonly options: PgListenerOptions) {
    this.maxRetryMs = options.maxRetryMs ?? 5000;
  }

  /** Connects and listens; a database that is not there yet only starts the retries. */
  async start(): Promise<void> {
    this.state = 'connecting';
    await this.connect();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  isListening(): boolean {
    return this.state === 'listening';
  }

  health(): CheckResult {
    if (this.state === 'listening') return { status: 'up' };
    return {
      status: 'degraded',
      detail: `LISTEN ${this.options.channels.join(', ')} is not established; polling meanwhile`,
      ...(this.lostAt ? { since: this.lostAt.toISOString() } : {}),
    };
  }

  private async connect(): Promise<void> {
    if (this.state === 'stopped') return;
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: this.options.applicationName,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    // One handler for every way a connection ends: an error, or the server closing it.
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      this.connectionLost(err);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.options.onNotification(message.payload, message.channel));
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`LISTEN ${channel}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (lost) return;
    // stop() may have run while connecting.
    if ((this.state as ListenerState) === 'stopped') {
      await client.end().catch(() => undefined);
      return;
    }
    const again = this.state === 'reconnecting';
    this.client = client;
    this.state = 'listening';
    this.pause = 100;
    this.lostAt = undefined;
    if (again) {
      this.reconnections += 1;
      this.options.logger.info({ channels: this.options.channels }, 'LISTEN re-established');
    }
    this.options.onListening?.();
  }

  private connectionLost(err?: Error): void {
    if (this.state === 'stopped') return;
    if (this.state === 'listening' || this.state === 'connecting') {
      this.lostAt = new Date();
      this.options.logger.warn(
        { err, channels: this.options.channels },
        'LISTEN connection lost; reconnecting and polling meanwhile',
      );
    }
    this.state = 'reconnecting';
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), this.pause);
    this.pause = Math.min(this.pause * 2, this.maxRetryMs);
  }
}
