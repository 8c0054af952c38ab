import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { checkPayload, type PayloadOf, type SubjectDefinition } from '@yiwang/contracts';
import { IDENTITY_HEADER, IdentityContext, encodeIdentity } from '../context/identity.js';
import { currentTraceHeaders } from '../telemetry/tracing.js';

export const outboxChannel = (schema: string): string => `outbox_${schema.replace(/[^a-z0-9_]/g, '_')}`;

/** One event for OutboxWriter.publishMany; build it with outboxEvent() to have the payload type-checked. */
export interface OutboxEvent {
  subject: SubjectDefinition;
  payload: unknown;
}

export function outboxEvent<D extends SubjectDefinition>(subject: D, payload: PayloadOf<D>): OutboxEvent {
  return { subject, payload };
}

/**
 * Writes an event to the outbox inside the caller's transaction, so the event exists if and only if the
 * state change committed. The payload is checked against the subject's contract here, at publish time.
 */
export class OutboxWriter {
  /** Transactions that already queued their NOTIFY: one per transaction wakes the relay. */
  private readonly notified = new WeakSet<object>();

  constructor(private readonly schema: string) {}

  async publish<D extends SubjectDefinition>(
    manager: EntityManager,
    subject: D,
    payload: PayloadOf<D>,
  ): Promise<string> {
    this.assertTransaction(manager, subject.name);
    const checked = checkPayload(subject, payload);
    const id = randomUUID();
    const params = [id, subject.name, JSON.stringify(checked), JSON.stringify(this.headers())];
    // Delivered at commit; one per transaction is enough to wake the relay. The first event of a
    // transaction queues it in the same statement as its insert: one round trip, not two.
    const runner = manager.queryRunner as object;
    // A runner reused for a second transaction skips this; the relay's idle poll still finds the rows.
    if (!this.notified.has(runner)) {
      this.notified.add(runner);
      await manager.query(
        `WITH inserted AS (INSERT INTO outbox (id, subject, payload, headers) VALUES ($1, $2, $3, $4) RETURNING id)
         SELECT pg_notify($5, '') FROM inserted`,
        [...params, outboxChannel(this.schema)],
      );
    } else {
      await manager.query(
        `INSERT INTO outbox (id, subject, payload, headers) VALUES ($1, $2, $3, $4)`,
        params,
      );
    }
    return id;
  }

  /**
   * Many events in one statement, as publish() writes each (every payload checked against its subject's
   * contract before anything is written, the caller's identity and trace in the headers, one NOTIFY per
   * transaction), in order. For bulk work such as imports, where a row per event would dominate.
   * Returns the event ids in the order given.
   */
  async publishMany(manager: EntityManager, events: readonly OutboxEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    this.assertTransaction(manager, events[0].subject.name);
    const rows = events.map((e) => ({
      i: randomUUID(),
      s: e.subject.name,
      p: checkPayload(e.subject, e.payload),
    }));
    // One JSON array parameter: serialised natively, where text[] parameters would be escaped element by
    // element; WITH ORDINALITY keeps the order. The NOTIFY rides along in the same statement, so it costs
    // no round trip and is queued in every transaction that writes (PostgreSQL delivers one per channel
    // and transaction), also on a query runner reused for transaction after transaction.
    await manager.query(
      `WITH written AS (
         INSERT INTO outbox (id, subject, payload, headers)
         SELECT (e->>'i')::uuid, e->>'s', e->'p', $2::jsonb
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)
         ORDER BY n)
       SELECT pg_notify($3, '')`,
      [JSON.stringify(rows), JSON.stringify(this.headers()), outboxChannel(this.schema)],
    );
    this.notified.add(manager.queryRunner as object);
    return rows.map((r) => r.i);
  }

  private assertTransaction(manager: EntityManager, subject: string): void {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        `Outbox write for ${subject} outside a transaction: the event could outlive a rollback`,
      );
    }
  }

  private headers(): Record<string, string> {
    const identity = IdentityContext.current();
    return {
      ...currentTraceHeaders(),
      ...(identity ? { [IDENTITY_HEADER]: encodeIdentity(identity) } : {}),
    };
  }
}
