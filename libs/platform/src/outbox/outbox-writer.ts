import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { checkPayload, type PayloadOf, type SubjectDefinition } from '@yiwang/contracts';
import { IDENTITY_HEADER, IdentityContext, encodeIdentity } from '../context/identity.js';
import { currentTraceHeaders } from '../telemetry/tracing.js';

export const outboxChannel = (schema: string): string => `outbox_${schema.replace(/[^a-z0-9_]/g, '_')}`;

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
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        `Outbox write for ${subject.name} outside a transaction: the event could outlive a rollback`,
      );
    }
    const checked = checkPayload(subject, payload);
    const identity = IdentityContext.current();
    const headers: Record<string, string> = {
      ...currentTraceHeaders(),
      ...(identity ? { [IDENTITY_HEADER]: encodeIdentity(identity) } : {}),
    };
    const id = randomUUID();
    const params = [id, subject.name, JSON.stringify(checked), JSON.stringify(headers)];
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
}
