import { headers as natsHeaders } from '@nats-io/transport-node';
import { subjects } from '@yiwang/contracts';
import {
  ConsumerHost,
  NatsClient,
  ensureStreams,
  prefixedStream,
  prefixedSubject,
  type ConsumerRegistration,
  type EventContext,
} from '@yiwang/platform';
import { aCaseCreatedEvent, testNatsPrefix, testNatsUrl, waitFor } from '@yiwang/testing';
import type { DataSource } from 'typeorm';
import { isolatedSchema, silentLogger } from './messaging-fixture.js';

describe('JetStream consumers with the inbox (real NATS and PostgreSQL)', () => {
  const prefix = testNatsPrefix('consumer');
  let client: NatsClient;
  let dataSource: DataSource;
  let schema: string;
  const hosts: ConsumerHost[] = [];

  beforeAll(async () => {
    client = await NatsClient.connect({ url: testNatsUrl(), name: 'consumer-test', logger: silentLogger });
    await ensureStreams(client.jsm, { prefix });
    ({ dataSource, schema } = await isolatedSchema('consumer'));
  });

  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
  });

  afterAll(async () => {
    await client?.close();
    await dataSource?.destroy();
  });

  async function publish(payload: unknown, msgId: string): Promise<void> {
    const h = natsHeaders();
    await client.js.publish(prefixedSubject(prefix, subjects.case.created.name), JSON.stringify(payload), {
      msgID: msgId,
      headers: h,
    });
  }

  async function host(
    durable: string,
    handler: ConsumerRegistration['handler'],
    extra: Record<string, unknown> = {},
  ) {
    const h = new ConsumerHost(client, dataSource, prefix, silentLogger);
    hosts.push(h);
    await h.start([{ options: { subject: subjects.case.created, durable, ...extra }, handler }]);
    return h;
  }

  const recordEffect = async (payload: unknown, context: EventContext) => {
    await context.manager.query(`INSERT INTO "${schema}".effects (event_id) VALUES ($1)`, [
      (payload as { caseId: string }).caseId,
    ]);
  };

  // Every durable consumer here reads the whole stream, earlier tests' events included: each test
  // looks only at its own event.
  const isThis = (event: Record<string, unknown>, payload: unknown) =>
    (payload as { caseId: string }).caseId === event.caseId;

  async function effectCount(id: string): Promise<number> {
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM "${schema}".effects WHERE event_id = $1`,
      [id],
    );
    return n;
  }

  it('applies a redelivered message once: the inbox turns the second delivery into an ack', async () => {
    const event = aCaseCreatedEvent();
    const durable = 'redelivery';
    const calls: string[] = [];
    await host(durable, async (payload, context) => {
      if (!isThis(event, payload)) return;
      calls.push(context.msgId);
      await recordEffect(payload, context);
    });
    await publish(event, `evt-${String(event.caseId)}`);
    await waitFor(async () => (await effectCount(event.caseId as string)) === 1, { what: 'first delivery' });
    for (const h of hosts.splice(0)) await h.stop();

    // Forget the consumer's position: JetStream delivers the same message again, as after a lost ack.
    await client.jsm.consumers.delete(prefixedStream(prefix, 'CASE'), durable);
    let duplicateSeen = false;
    await host(durable, async (payload) => {
      if (isThis(event, payload)) duplicateSeen = true; // must never run: the inbox already holds this message id
    });
    await waitFor(
      async () => {
        const info = await client.jsm.consumers.info(prefixedStream(prefix, 'CASE'), durable);
        return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq > 0;
      },
      { what: 'the redelivery to be acknowledged' },
    );
    expect(duplicateSeen).toBe(false);
    expect(await effectCount(event.caseId as string)).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('retries a failing handler with backoff and applies the effect once when it recovers', async () => {
    const event = aCaseCreatedEvent();
    let attempts = 0;
    await host(
      'flaky',
      async (payload, context) => {
        if (!isThis(event, payload)) return;
        attempts += 1;
        await recordEffect(payload, context);
        if (attempts < 3) throw new Error('transient failure after writing: must roll back');
      },
      { backoffMs: [50], maxDeliver: 5 },
    );
    await publish(event, `evt-${String(event.caseId)}`);
    await waitFor(async () => (await effectCount(event.caseId as string)) === 1, {
      what: 'the third attempt',
    });
    expect(attempts).toBe(3);
  });

  it('dead-letters a message after maxDeliver failures, with the reason, and leaves no effect', async () => {
    const event = aCaseCreatedEvent();
    let attempts = 0;
    await host(
      'always-fails',
      async (payload, context) => {
        if (!isThis(event, payload)) return;
        attempts += 1;
        await recordEffect(payload, context);
        throw new Error('downstream rejected the record');
      },
      { backoffMs: [20], maxDeliver: 3 },
    );
    await publish(event, `evt-${String(event.caseId)}`);
    const dlq = prefixedStream(prefix, 'DLQ');
    const message = await waitFor(
      async () => {
        try {
          return await client.jsm.streams.getMessage(dlq, {
            last_by_subj: prefixedSubject(prefix, 'dlq.always-fails'),
          });
        } catch {
          return undefined;
        }
      },
      { what: 'the dead letter' },
    );
    expect(attempts).toBe(3);
    expect(message.header.get('x-dlq-reason')).toMatch(/downstream rejected/);
    expect(message.header.get('x-dlq-original-subject')).toBe(
      prefixedSubject(prefix, subjects.case.created.name),
    );
    expect(JSON.parse(new TextDecoder().decode(message.data)).caseId).toBe(event.caseId);
    expect(await effectCount(event.caseId as string)).toBe(0);
  });

  it('dead-letters a payload that breaks its contract at once, without calling the handler', async () => {
    let called = false;
    const broken = aCaseCreatedEvent({ unitCode: 'not a code' });
    await host('contract-check', async (payload) => {
      if (isThis(broken, payload)) called = true;
    });
    await publish(broken, `broken-${String(broken.caseId)}`);
    const message = await waitFor(
      async () => {
        try {
          return await client.jsm.streams.getMessage(prefixedStream(prefix, 'DLQ'), {
            last_by_subj: prefixedSubject(prefix, 'dlq.contract-check'),
          });
        } catch {
          return undefined;
        }
      },
      { what: 'the rejected message in the DLQ' },
    );
    expect(message.header.get('x-dlq-reason')).toMatch(/unitCode/);
    expect(message.header.get('x-dlq-attempts')).toBe('1');
    expect(called).toBe(false);
  });

  it('gives a wildcard consumer each message’s own subject, without the namespace prefix', async () => {
    const event = aCaseCreatedEvent();
    const seen: string[] = [];
    const h = new ConsumerHost(client, dataSource, prefix, silentLogger);
    hosts.push(h);
    const everyCaseEvent = { name: 'case.v1.>', stream: 'CASE', schema: subjects.case.created.schema };
    await h.start([
      {
        options: { subject: everyCaseEvent, durable: 'wildcard' },
        handler: async (payload, context) => {
          if (isThis(event, payload)) seen.push(context.subject);
        },
      },
    ]);
    await publish(event, `wildcard-${String(event.caseId)}`);
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([subjects.case.created.name]);
  });
});
