import { subjects } from '@yiwang/contracts';
import {
  ConsumerHost,
  NatsClient,
  OutboxRelay,
  OutboxWriter,
  ensureStreams,
  prefixedStream,
  type EventContext,
} from '@yiwang/platform';
import { NatsServerProcess, aCaseCreatedEvent, waitFor } from '@yiwang/testing';
import type { DataSource } from 'typeorm';
import { isolatedSchema, silentLogger } from './messaging-fixture.js';

const EVENTS = 5000;
const PREFIX = 'outboxfault';

describe('outbox relay under faults (real PostgreSQL, a private nats-server that is killed and restarted)', () => {
  let nats: NatsServerProcess;
  let client: NatsClient;
  let dataSource: DataSource;
  let schema: string;

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    client = await NatsClient.connect({ url: nats.url, name: 'outbox-test', logger: silentLogger });
    await ensureStreams(client.jsm, { prefix: PREFIX });
    ({ dataSource, schema } = await isolatedSchema('outbox'));
  });

  afterAll(async () => {
    await client?.close();
    await dataSource?.destroy();
    await nats?.dispose();
  });

  async function writeEvents(count: number, writer: OutboxWriter): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 250) {
      await dataSource.transaction(async (manager) => {
        for (let i = start; i < Math.min(start + 250, count); i += 1) {
          const event = aCaseCreatedEvent();
          ids.push(event.caseId as string);
          await writer.publish(manager, subjects.case.created, event as never);
        }
      });
    }
    return ids;
  }

  it(`publishes ${EVENTS} events written while NATS is down exactly once, and they are consumed once in effect`, async () => {
    const writer = new OutboxWriter(schema);
    const relays = [1, 2].map(
      () =>
        new OutboxRelay({
          dataSource,
          databaseUrl: (dataSource.options as { url: string }).url,
          schema,
          js: client.js,
          subjectPrefix: PREFIX,
          logger: silentLogger,
          batchSize: 200,
          maxBackoffMs: 500,
          publishTimeoutMs: 1000,
        }),
    );
    // Two relays on one outbox, as with two replicas: SKIP LOCKED must keep them from double-publishing.
    for (const relay of relays) await relay.start();

    await nats.kill();
    const ids = await writeEvents(EVENTS, writer);
    const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM "${schema}".outbox`);
    expect(pending).toBe(EVENTS);
    // Let the relays fail against the dead broker for a while: nothing may be lost meanwhile.
    await new Promise((r) => setTimeout(r, 1500));
    const [{ still }] = await dataSource.query(`SELECT count(*)::int AS still FROM "${schema}".outbox`);
    expect(still).toBe(EVENTS);

    await nats.restart();
    await waitFor(
      async () => {
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`);
        return n === 0;
      },
      { timeoutMs: 60_000, what: 'the outbox to drain' },
    );
    const stream = await client.jsm.streams.info(prefixedStream(PREFIX, 'CASE'));
    expect(stream.state.messages).toBe(EVENTS);

    const host = new ConsumerHost(client, dataSource, PREFIX, silentLogger);
    await host.start([
      {
        options: { subject: subjects.case.created, durable: 'outbox-fault-effects', concurrency: 16 },
        handler: async (payload: unknown, context: EventContext) => {
          await context.manager.query(`INSERT INTO "${schema}".effects (event_id) VALUES ($1)`, [
            (payload as { caseId: string }).caseId,
          ]);
        },
      },
    ]);
    await waitFor(
      async () => {
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".effects`);
        return n === EVENTS;
      },
      { timeoutMs: 60_000, what: 'every event to be consumed' },
    );
    await host.stop();
    for (const relay of relays) await relay.stop(1000);

    const effects: { event_id: string }[] = await dataSource.query(
      `SELECT event_id FROM "${schema}".effects`,
    );
    expect(new Set(effects.map((e) => e.event_id))).toEqual(new Set(ids));
    const [{ inbox }] = await dataSource.query(`SELECT count(*)::int AS inbox FROM "${schema}".inbox`);
    expect(inbox).toBe(EVENTS);
  }, 150_000);

  it('refuses to write an event outside a transaction or one that breaks its contract', async () => {
    const writer = new OutboxWriter(schema);
    await expect(
      writer.publish(dataSource.manager, subjects.case.created, aCaseCreatedEvent() as never),
    ).rejects.toThrow(/outside a transaction/);
    await expect(
      dataSource.transaction((manager) =>
        writer.publish(manager, subjects.case.created, aCaseCreatedEvent({ unitPath: [] }) as never),
      ),
    ).rejects.toThrow(/unitPath/);
  });
});
