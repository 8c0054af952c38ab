import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PayloadOf, SubjectDefinition } from '@yiwang/contracts';

export const ON_EVENT_METADATA = 'yiwang:on-event';

export interface ConsumerOptions {
  /** Durable consumer name; stable across releases (renaming it replays the stream). */
  durable: string;
  /** Attempts before the message goes to the dead-letter subject. */
  maxDeliver?: number;
  /** Redelivery delays by attempt; the last one repeats. */
  backoffMs?: number[];
  ackWaitMs?: number;
  /** Messages handled at once by this process. */
  concurrency?: number;
  /**
   * Every replica gets every message (an ephemeral ordered consumer from "now" on), for in-memory state
   * such as caches and indexes. No inbox and no transaction: the handler must be idempotent by nature.
   */
  broadcast?: boolean;
}

export interface EventContext {
  /** The transaction the inbox record is written in: write the handler's effect with it. */
  manager: EntityManager;
  msgId: string;
  /** The message's subject (for a wildcard definition such as `case.v1.>`, the concrete one). */
  subject: string;
  deliveryCount: number;
  headers: Record<string, string>;
}

export type EventHandler<D extends SubjectDefinition> = (
  payload: PayloadOf<D>,
  context: EventContext,
) => Promise<void>;

export interface OnEventMetadata extends ConsumerOptions {
  subject: SubjectDefinition;
}

/** Marks a provider method as the idempotent handler of one subject for one durable consumer. */
export function OnEvent(subject: SubjectDefinition, options: ConsumerOptions): MethodDecorator {
  return SetMetadata(ON_EVENT_METADATA, { subject, ...options } satisfies OnEventMetadata);
}
