// Outbox relay throughput against a floor: the same messages published straight to JetStream with msgID
// de-duplication and awaited acks, in windows of the relay's batch size. The relay adds the claim
// (FOR UPDATE SKIP LOCKED), the delete and the commit; the ratio says what durability costs.
import { randomUUID } from 'node:crypto';
import { streams, subjects } from '@yiwang/contracts';
import {
  NatsClient,
  OutboxRelay,
  OutboxWriter,
  createDataSource,
  createLogger,
  ensureStreams,
  prefixedSubject,
  runMigrations,
  PlatformOutboxInbox1763769600000,
} from '@yiwang/platform';

export const description = 'outbox relay → JetStream, against bare JetStream publishes of the same events';

export default async function run({ databaseUrl, natsUrl, scale, log }) {
  const count = Math.round(20_000 * scale);
  const batch = 500;
  const logger = createLogger('bench', 'silent');
  const prefix = `bench${Date.now().toString(36)}`;
  const schema = `bench_outbox_${Date.now().toString(36)}`;
  const nats = await NatsClient.connect({ url: natsUrl, name: 'bench', logger });
  await ensureStreams(nats.jsm, { prefix, maxAgeMs: 3600_000 });
  const dataSource = createDataSource({
    url: databaseUrl,
    schema,
    entities: [],
    migrations: [PlatformOutboxInbox1763769600000],
    poolSize: 8,
  });
  await dataSource.initialize();
  await runMigrations(dataSource, schema);
  const event = () => ({
    caseId: randomUUID(),
    category: 'street_light',
    channel: 'grid_worker',
    unitCode: '440106001002',
    unitPath: ['44', '4401', '440106', '440106001', '440106001002'],
    createdAt: new Date().toISOString(),
  });

  try {
    // Floor: bare publishes, after a warm-up so neither side pays for JIT and connection set-up.
    const subject = prefixedSubject(prefix, 'case.v1.floor');
    const publishAll = async (n) => {
      for (let i = 0; i < n; i += batch) {
        const window = [];
        for (let j = i; j < Math.min(i + batch, n); j += 1) {
          window.push(nats.js.publish(subject, JSON.stringify(event()), { msgID: randomUUID() }));
        }
        await Promise.all(window);
      }
    };
    await publishAll(Math.min(count, 5000));
    let started = performance.now();
    await publishAll(count);
    const floor = count / ((performance.now() - started) / 1000);
    log(`floor: ${floor.toFixed(0)} msg/s`);

    // Floor for writes: the same rows inserted into a bare table, 100 per transaction.
    await dataSource.query(
      `CREATE TABLE "${schema}".bare (id uuid PRIMARY KEY, subject text, payload jsonb)`,
    );
    started = performance.now();
    for (let i = 0; i < count; i += 100) {
      await dataSource.transaction(async (manager) => {
        for (let j = i; j < Math.min(i + 100, count); j += 1) {
          await manager.query(`INSERT INTO "${schema}".bare (id, subject, payload) VALUES ($1, $2, $3)`, [
            randomUUID(),
            'case.v1.created',
            JSON.stringify(event()),
          ]);
        }
      });
    }
    const writeFloor = count / ((performance.now() - started) / 1000);

    // Outbox writes: events committed 100 per transaction (what a busy service does).
    const writer = new OutboxWriter(schema);
    started = performance.now();
    for (let i = 0; i < count; i += 100) {
      await dataSource.transaction(async (manager) => {
        for (let j = i; j < Math.min(i + 100, count); j += 1)
          await writer.publish(manager, subjects.case.created, event());
      });
    }
    const writes = count / ((performance.now() - started) / 1000);

    // Relay: drain the outbox.
    const relay = new OutboxRelay({
      dataSource,
      databaseUrl,
      schema,
      js: nats.js,
      subjectPrefix: prefix,
      logger,
      batchSize: batch,
    });
    started = performance.now();
    await relay.start();
    for (;;) {
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const relayRate = count / ((performance.now() - started) / 1000);
    await relay.stop(1000);
    return [
      { name: `relay publish (${count} events)`, value: relayRate, unit: 'events/s', floor },
      {
        name: 'outbox writes, 100 per transaction',
        value: writes,
        unit: 'events/s',
        floor: writeFloor,
        note: 'floor: bare INSERTs of the same rows',
      },
    ];
  } finally {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
    for (const { name } of streams) {
      await nats.jsm.streams.delete(`${prefix.toUpperCase()}_${name}`).catch(() => undefined);
    }
    await nats.close();
  }
}
