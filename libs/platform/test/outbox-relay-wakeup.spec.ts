import { subjects } from '@yiwang/contracts';
import {
  NatsClient,
  OutboxRelay,
  OutboxWriter,
  PgListener,
  ensureStreams,
  outboxChannel,
  prefixedStream,
} from '@yiwang/platform';
import { aCaseCreatedEvent, testDatabaseUrl, testNatsUrl, waitFor } from '@yiwang/testing';
import { isolatedSchema, silentLogger } from './messaging-fixture.js';

/**
 * A NOTIFY that reaches the relay while it is reading a batch finds nobody asleep to wake. It must not be
 * lost: the rows it announces were committed after the batch's read, and with no wake-up they would wait
 * for the idle poll (ten minutes here, to make the loss visible; it failed a loaded CI run this way).
 */
describe('outbox relay wake-ups', () => {
  it('publishes rows whose notification arrived while a batch was being read', async () => {
    const { dataSource, schema } = await isolatedSchema('wakeup');
    const nats = await NatsClient.connect({ url: testNatsUrl(), name: 'relay-wakeup', logger: silentLogger });
    const prefix = `relaywake${Date.now().toString(36)}`;
    await ensureStreams(nats.jsm, { prefix });
    const writer = new OutboxWriter(schema);
    const write = (n: number) =>
      dataSource.transaction(async (manager) => {
        for (let i = 0; i < n; i += 1)
          await writer.publish(manager, subjects.case.created, aCaseCreatedEvent() as never);
      });
    const published = async () =>
      (await nats.jsm.streams.info(prefixedStream(prefix, 'CASE'))).state.messages;

    let batches = 0;
    let notifications = 0;
    /** Its second batch commits two more rows after reading, and returns only once their NOTIFY is in. */
    class RacingRelay extends OutboxRelay {
      override async publishBatch(): Promise<number> {
        const count = await super.publishBatch();
        batches += 1;
        if (batches === 2) {
          const seen = notifications;
          await write(2);
          await waitFor(() => notifications > seen, { what: 'the NOTIFY of the rows written mid-batch' });
          await new Promise((r) => setTimeout(r, 300)); // and the relay's own copy of it
        }
        return count;
      }
    }
    const relay = new RacingRelay({
      dataSource,
      databaseUrl: testDatabaseUrl(),
      schema,
      js: nats.js,
      subjectPrefix: prefix,
      logger: silentLogger,
      idlePollMs: 600_000,
    });
    // A second LISTEN on the relay's channel: the server hands each notification to both at commit.
    const watcher = new PgListener({
      databaseUrl: testDatabaseUrl(),
      channels: [outboxChannel(schema)],
      applicationName: 'wakeup-watcher',
      logger: silentLogger,
      onNotification: () => (notifications += 1),
    });
    await watcher.start();
    try {
      await relay.start();
      await waitFor(() => batches >= 1, { what: 'the first (empty) batch' });
      await write(1); // wakes the relay for its second batch
      await waitFor(async () => (await published()) === 3, {
        timeoutMs: 20_000,
        what: 'all three rows to be published without waiting for the idle poll',
      });
      expect(batches).toBeGreaterThanOrEqual(3);
    } finally {
      await relay.stop(1000);
      await watcher.stop();
      await dataSource.destroy();
      await nats.jsm.streams.delete(prefixedStream(prefix, 'CASE')).catch(() => undefined);
      await nats.close();
    }
  });
});
