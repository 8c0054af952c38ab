import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';

export interface NatsClientOptions {
  url: string;
  name: string;
  logger: Logger;
  /** How long boot waits for a first connection before giving up with a clear message. */
  connectTimeoutMs?: number;
}

/** One NATS connection per process; after the first connect it reconnects forever. */
export class NatsClient {
  private connected = true;
  private readonly reconnectListeners = new Set<() => void>();

  private constructor(
    readonly connection: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly logger: Logger,
  ) {
    void this.watch();
  }

  static async connect(options: NatsClientOptions): Promise<NatsClient> {
    const deadline = Date.now() + (options.connectTimeoutMs ?? 60_000);
    let lastError: unknown;
    let attempt = 0;
    while (Date.now() < deadline) {
      try {
        const nc = await connect({
          servers: options.url,
          name: options.name,
          reconnect: true,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 1000,
          timeout: 5000,
        });
        const jsm = await jetstreamManager(nc, { timeout: 5000 });
        return new NatsClient(nc, jetstream(nc, { timeout: 5000 }), jsm, options.logger);
      } catch (error) {
        lastError = error;
        attempt += 1;
        if (attempt === 1 || attempt % 10 === 0) {
          options.logger.warn({ err: error, url: redact(options.url) }, 'waiting for NATS');
        }
        await new Promise((r) => setTimeout(r, Math.min(250 * attempt, 2000)));
      }
    }
    throw new Error(`Cannot reach NATS with JetStream at ${redact(options.url)}: ${String(lastError)}`);
  }

  isConnected(): boolean {
    return this.connected && !this.connection.isClosed();
  }

  /** Calls listener each time the connection comes back after a loss; returns the unsubscribe. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Flushes pending publishes and closes; subscriptions are drained first. */
  async close(): Promise<void> {
    if (this.connection.isClosed()) return;
    await this.connection.drain().catch(() => this.connection.close());
  }

  private async watch(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        this.logger.warn('NATS disconnected; reconnecting');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.logger.info('NATS reconnected');
        for (const listener of this.reconnectListeners) listener();
      }
    }
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
