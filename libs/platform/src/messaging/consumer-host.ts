import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { SpanKind } from '@opentelemetry/api';
import { checkPayload, ContractViolationError, deadLetterSubject } from '@yiwang/contracts';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { IDENTITY_HEADER, IdentityContext, decodeIdentity } from '../context/identity.js';
import { consumerLag, messageDuration, messagesConsumed, registerProbe } from '../metrics/metrics.js';
import { contextFromHeaders, inSpan } from '../telemetry/tracing.js';
import type { NatsClient } from './nats-client.js';
import type { EventHandler, OnEventMetadata } from './on-event.decorator.js';
import { isNotFound, prefixedStream, prefixedSubject } from './streams.js';

const NANOS_PER_MS = 1_000_000;
const DEFAULT_BACKOFF_MS = [1000, 5000, 15_000, 60_000];

export interface ConsumerRegistration {
  options: OnEventMetadata;
  handler: EventHandler<OnEventMetadata['subject']>;
}

interface Running {
  registration: ConsumerRegistration;
  messages: ConsumerMessages;
  inFlight: Set<Promise<void>>;
  loop: Promise<void>;
}

/**
 * Durable pull consumers with explicit ack. Each message is handled in one database transaction that also
 * records (consumer, msg id) in the inbox: a redelivered message finds its row and is acked without
 * running the handler again. Failures are retried with backoff; after maxDeliver tries the message goes to
 * `dlq.<consumer>` and is terminated. A payload that breaks its contract is dead-lettered at once.
 */
export class ConsumerHost {
  private readonly running: Running[] = [];
  private unregisterProbe: (() => void) | undefined;

  constructor(
    private readonly nats: NatsClient,
    private readonly dataSource: DataSource,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async start(registrations: ConsumerRegistration[]): Promise<void> {
    for (const registration of registrations) {
      const stream = prefixedStream(this.prefix, registration.options.subject.stream);
      if (registration.options.broadcast) {
        await this.startBroadcast(registration, stream);
        continue;
      }
      await this.ensureConsumer(registration.options);
      const consumer = await this.nats.js.consumers.get(stream, registration.options.durable);
      const concurrency = registration.options.concurrency ?? 8;
      const messages = await consumer.consume({ max_messages: Math.max(concurrency * 4, 16) });
      const entry: Running = { registration, messages, inFlight: new Set(), loop: Promise.resolve() };
      entry.loop = this.pump(entry, concurrency);
      this.running.push(entry);
      this.logger.info(
        { consumer: registration.options.durable, subject: registration.options.subject.name },
        'consumer started',
      );
    }
    this.unregisterProbe = registerProbe(() => this.probeLag());
  }

  private async startBroadcast(registration: ConsumerRegistration, stream: string): Promise<void> {
    const { options, handler } = registration;
    const consumer = await this.nats.js.consumers.get(stream, {
      // A single subject as a string: servers before 2.10 know only filter_subject.
      filter_subjects: prefixedSubject(this.prefix, options.subject.name),
      deliver_policy: DeliverPolicy.New,
    });
    const messages = await consumer.consume();
    const entry: Running = { registration, messages, inFlight: new Set(), loop: Promise.resolve() };
    entry.loop = (async () => {
      for await (const msg of messages) {
        const headers = headersOf(msg);
        try {
          const payload = checkPayload(options.subject, msg.json());
          await handler(payload, {
            manager: this.dataSource.manager,
            msgId: headers['Nats-Msg-Id'] ?? `${msg.info.stream}:${msg.seq}`,
            subject: this.unprefixed(msg.subject),
            deliveryCount: 1,
            headers,
          });
          messagesConsumed.inc({ consumer: options.durable, outcome: 'processed' });
        } catch (error) {
          // Broadcast state is rebuilt by its owner on its own schedule; a failure here is logged, not retried.
          messagesConsumed.inc({ consumer: options.durable, outcome: 'rejected' });
          this.logger.warn({ err: error, consumer: options.durable }, 'broadcast handler failed');
        }
      }
    })();
    this.running.push(entry);
    this.logger.info(
      { consumer: options.durable, subject: options.subject.name },
      'broadcast consumer started',
    );
  }

  /** Stops pulling and waits for the messages in hand; unstarted ones are redelivered to another replica. */
  async stop(): Promise<void> {
    this.unregisterProbe?.();
    await Promise.all(
      this.running.map(async (entry) => {
        await entry.messages.close().catch(() => undefined);
        await entry.loop;
        await Promise.allSettled([...entry.inFlight]);
      }),
    );
    this.running.length = 0;
  }

  private async pump(entry: Running, concurrency: number): Promise<void> {
    for await (const msg of entry.messages) {
      const task = this.handle(entry.registration, msg).finally(() => entry.inFlight.delete(task));
      entry.inFlight.add(task);
      if (entry.inFlight.size >= concurrency) await Promise.race(entry.inFlight);
    }
  }

  private async handle({ options, handler }: ConsumerRegistration, msg: JsMsg): Promise<void> {
    const headers = headersOf(msg);
    const msgId = headers['Nats-Msg-Id'] ?? `${msg.info.stream}:${msg.seq}`;
    const started = process.hrtime.bigint();
    await inSpan(
      `consume ${options.subject.name}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromHeaders(headers),
        attributes: { 'messaging.consumer': options.durable },
      },
      async () => {
        try {
          const payload = checkPayload(options.subject, msg.json());
          const processed = await IdentityContext.run(decodeIdentity(headers[IDENTITY_HEADER]), () =>
            this.dataSource.transaction(async (manager) => {
              const claimed = await manager.query(
                `INSERT INTO inbox (consumer, msg_id, subject) VALUES ($1, $2, $3)
                 ON CONFLICT (consumer, msg_id) DO NOTHING RETURNING 1`,
                [options.durable, msgId, options.subject.name],
              );
              if (claimed.length === 0) return false;
              await handler(payload, {
                manager,
                msgId,
                subject: this.unprefixed(msg.subject),
                deliveryCount: msg.info.deliveryCount,
                headers,
              });
              return true;
            }),
          );
          msg.ack();
          messagesConsumed.inc({ consumer: options.durable, outcome: processed ? 'processed' : 'duplicate' });
          if (processed) this.logger.debug({ consumer: options.durable, msgId }, 'event handled');
        } catch (error) {
          await this.fail(options, msg, msgId, error);
        } finally {
          messageDuration.observe(
            { consumer: options.durable },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
        }
      },
    );
  }

  private async fail(options: OnEventMetadata, msg: JsMsg, msgId: string, error: unknown): Promise<void> {
    const maxDeliver = options.maxDeliver ?? 5;
    const contractBroken = error instanceof ContractViolationError;
    if (contractBroken || msg.info.deliveryCount >= maxDeliver) {
      try {
        await this.deadLetter(options, msg, msgId, error);
        msg.term(String((error as Error)?.message ?? error).slice(0, 200));
        messagesConsumed.inc({
          consumer: options.durable,
          outcome: contractBroken ? 'rejected' : 'dead_lettered',
        });
        this.logger.error({ err: error, consumer: options.durable, msgId }, 'message dead-lettered');
      } catch (dlqError) {
        // Without a dead-letter copy the message must not be dropped: let it come back.
        msg.nak(5000);
        this.logger.error(
          { err: dlqError, consumer: options.durable, msgId },
          'dead-letter publish failed; will retry',
        );
      }
      return;
    }
    const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const delay = backoff[Math.min(msg.info.deliveryCount - 1, backoff.length - 1)];
    msg.nak(delay);
    messagesConsumed.inc({ consumer: options.durable, outcome: 'retried' });
    this.logger.warn(
      { err: error, consumer: options.durable, msgId, attempt: msg.info.deliveryCount, retryInMs: delay },
      'handler failed; will retry',
    );
  }

  private async deadLetter(
    options: OnEventMetadata,
    msg: JsMsg,
    msgId: string,
    error: unknown,
  ): Promise<void> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(headersOf(msg))) if (key !== 'Nats-Msg-Id') h.set(key, value);
    h.set('x-dlq-consumer', options.durable);
    h.set('x-dlq-original-subject', msg.subject);
    h.set('x-dlq-reason', String((error as Error)?.message ?? error).slice(0, 500));
    h.set('x-dlq-attempts', String(msg.info.deliveryCount));
    await this.nats.js.publish(prefixedSubject(this.prefix, deadLetterSubject(options.durable)), msg.data, {
      msgID: `dlq:${options.durable}:${msgId}`,
      headers: h,
    });
  }

  private async ensureConsumer(options: OnEventMetadata): Promise<void> {
    const stream = prefixedStream(this.prefix, options.subject.stream);
    const config: Partial<ConsumerConfig> = {
      durable_name: options.durable,
      filter_subject: prefixedSubject(this.prefix, options.subject.name),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: (options.ackWaitMs ?? 30_000) * NANOS_PER_MS,
      // The server's own bound, one above ours so the last attempt can still dead-letter.
      max_deliver: (options.maxDeliver ?? 5) + 1,
      max_ack_pending: 1000,
    };
    try {
      await this.nats.jsm.consumers.info(stream, options.durable);
      await this.nats.jsm.consumers.update(stream, options.durable, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.nats.jsm.consumers.add(stream, config);
    }
  }

  /** The message's own subject without the namespace prefix (a wildcard consumer sees many subjects). */
  private unprefixed(subject: string): string {
    return this.prefix && subject.startsWith(`${this.prefix}.`)
      ? subject.slice(this.prefix.length + 1)
      : subject;
  }

  private async probeLag(): Promise<void> {
    for (const { registration } of this.running) {
      if (registration.options.broadcast) continue;
      const stream = prefixedStream(this.prefix, registration.options.subject.stream);
      const info = await this.nats.jsm.consumers.info(stream, registration.options.durable);
      consumerLag.set({ consumer: registration.options.durable }, info.num_pending + info.num_ack_pending);
    }
  }
}

function headersOf(msg: JsMsg): Record<string, string> {
  const out: Record<string, string> = {};
  if (!msg.headers) return out;
  for (const key of msg.headers.keys()) out[key] = msg.headers.get(key);
  return out;
}
