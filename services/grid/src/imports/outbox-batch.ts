import { checkPayload, type PayloadOf, type SubjectDefinition } from '@yiwang/contracts';
import {
  currentTraceHeaders,
  encodeIdentity,
  IDENTITY_HEADER,
  IdentityContext,
  outboxChannel,
} from '@yiwang/platform';
import type pg from 'pg';

/**
 * Events of one import batch, written to the outbox as OutboxWriter.publish writes them (payload checked
 * against its subject's contract, the caller's identity and trace in the headers, one NOTIFY per
 * transaction) but in one INSERT for the whole batch instead of one per event. The caller's transaction
 * must be open on `client`.
 */
export class OutboxBatch {
  private readonly events: { s: string; p: unknown }[] = [];

  get size(): number {
    return this.events.length;
  }

  add<D extends SubjectDefinition>(subject: D, payload: PayloadOf<D>): void {
    this.events.push({ s: subject.name, p: checkPayload(subject, payload) });
  }

  /** Writes the events and queues the relay's wake-up; nothing is delivered before the commit. */
  async write(client: pg.ClientBase, schema: string): Promise<void> {
    if (this.events.length === 0) return;
    const identity = IdentityContext.current();
    const headers: Record<string, string> = {
      ...currentTraceHeaders(),
      ...(identity ? { [IDENTITY_HEADER]: encodeIdentity(identity) } : {}),
    };
    // One JSON array parameter: serialised natively, where a text[] would be escaped element by element.
    await client.query(
      `WITH events AS (
         INSERT INTO outbox (id, subject, payload, headers)
         SELECT gen_random_uuid(), e->>'s', e->'p', $2::jsonb
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)
         ORDER BY n)
       SELECT pg_notify($3, '')`,
      [JSON.stringify(this.events), JSON.stringify(headers), outboxChannel(schema)],
    );
  }
}
