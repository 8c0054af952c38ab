import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { CONFIG, NatsClient, logger, prefixedStream, prefixedSubject } from '@yiwang/platform';
import { caseEventsDefinition, parseCaseEvent, type CaseEvent } from '../events/case-events.js';
import type { GatewayConfig } from '../gateway.config.js';

/** A case event as the stream sends it: the JetStream sequence is the SSE id, for Last-Event-ID resume. */
export interface StreamedEvent {
  seq: number;
  subject: string;
  event: CaseEvent;
  payload: unknown;
}

export type EventListener = (event: StreamedEvent) => void;

export interface EventFeed {
  close(): Promise<void>;
}

/**
 * One ordered (ephemeral, in-order, self-healing) consumer per gateway replica on every case event,
 * broadcast in memory to the open event streams; a stream that resumes from a Last-Event-ID gets its own
 * ordered consumer starting after that sequence.
 */
@Injectable()
export class CaseEventHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly listeners = new Set<EventListener>();
  private shared: EventFeed | null = null;

  constructor(
    private readonly nats: NatsClient,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.shared = await this.open(null, (event) => {
      for (const listener of this.listeners) listener(event);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    await this.shared?.close();
  }

  /** Live events from now on. Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `afterSeq` (still in the stream), then live, for one connection. */
  resume(afterSeq: number, listener: EventListener): Promise<EventFeed> {
    return this.open(afterSeq + 1, listener);
  }

  private async open(startSeq: number | null, listener: EventListener): Promise<EventFeed> {
    const prefix = this.config.NATS_PREFIX;
    const consumer = await this.nats.js.consumers.get(prefixedStream(prefix, caseEventsDefinition.stream), {
      // A single subject as a string: servers before 2.10 know only filter_subject.
      filter_subjects: prefixedSubject(prefix, caseEventsDefinition.name),
      ...(startSeq === null
        ? { deliver_policy: DeliverPolicy.New }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq }),
    });
    const messages: ConsumerMessages = await consumer.consume();
    const strip = prefix ? prefix.length + 1 : 0;
    const loop = (async () => {
      for await (const msg of messages) {
        const subject = msg.subject.slice(strip);
        try {
          const payload = msg.json();
          const event = parseCaseEvent(subject, payload);
          if (event) listener({ seq: msg.seq, subject, event, payload });
        } catch (error) {
          logger().warn({ err: error, subject, seq: msg.seq }, 'case event not streamed');
        }
      }
    })();
    return {
      close: async () => {
        await messages.close().catch(() => undefined);
        await loop.catch(() => undefined);
      },
    };
  }
}
