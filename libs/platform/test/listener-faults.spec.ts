import { Writable } from 'node:stream';
import { subjects } from '@yiwang/contracts';
import {
  NatsClient,
  OutboxRelay,
  OutboxWriter,
  PgListener,
  createDataSource,
  ensureStreams,
  prefixedStream,
  runMigrations,
  PlatformOutboxInbox1763769600000,
} from '@yiwang/platform';
import {
  NatsServerProcess,
  PostgresServerProcess,
  aCaseCreatedEvent,
  testNatsUrl,
  waitFor,
} from '@yiwang/testing';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { isolatedSchema, silentLogger } from './messaging-fixture.js';

/** A pino logger whose lines the test can read. */
function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** Relay and listener with a long fallback poll: only a working LISTEN (or NATS' reconnect) moves them. */
const TEN_MINUTES = 600_000;

describe('LISTEN connections survive a PostgreSQL restart (a private server, killed with SIGKILL)', () => {
  let server: PostgresServerProcess;
  let url: string;

  beforeAll(async () => {
    server = await PostgresServerProcess.start();
    url = await server.createDatabase('listener');
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
  });

  const notify = async (channel: string, payload: string) => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    await client.query(`SELECT pg_notify($1, $2)`, [channel, payload]);
    await client.end();
  };

  it('re-listens after the restart, says degraded meanwhile, and tells its owner to look again', async () => {
    const received: string[] = [];
    let listening = 0;
    const listener = new PgListener({
      databaseUrl: url,
      channels: ['fault_test'],
      applicationName: 'fault-test-listener',
      logger: silentLogger,
      onNotification: (payload) => received.push(payload ?? ''),
      onListening: () => (listening += 1),
    });
    await listener.start();
    expect(listener.health()).toEqual({ status: 'up' });
    await notify('fault_test', 'before');
    await waitFor(() => received.includes('before'), { what: 'the first notification' });

    await server.kill();
    await waitFor(() => listener.health().status === 'degraded', { what: 'the listener to notice' });
    expect(listener.health().detail).toMatch(/LISTEN fault_test is not established/);

    await server.restart();
    await waitFor(() => listener.isListening(), { timeoutMs: 30_000, what: 'LISTEN again' });
    expect(listener.reconnections).toBe(1);
    expect(listening).toBe(2);
    expect(listener.health()).toEqual({ status: 'up' });
    await notify('fault_test', 'after');
    await waitFor(() => received.includes('after'), { what: 'a notification after the restart' });
    expect(received).toEqual(['before', 'after']);
    await listener.stop();
  }, 120_000);

  it('keeps the outbox relay woken by NOTIFY after the restart (its idle poll is ten minutes)', async () => {
    const schema = 'relay_listen';
    let dataSource: DataSource | undefined;
    let relay: OutboxRelay | undefined;
    const nats = await NatsClient.connect({ url: testNatsUrl(), name: 'relay-listen', logger: silentLogger });
    const prefix = `relaylisten${Date.now().toString(36)}`;
    await ensureStreams(nats.jsm, { prefix });
    try {
      dataSource = createDataSource({
        url,
        schema,
        entities: [],
        migrations: [PlatformOutboxInbox1763769600000],
        poolSize: 4,
      });
      await dataSource.initialize();
      await runMigrations(dataSource, schema);
      const started = new OutboxRelay({
        dataSource,
        databaseUrl: url,
        schema,
        js: nats.js,
        subjectPrefix: prefix,
        logger: silentLogger,
        idlePollMs: TEN_MINUTES,
        maxBackoffMs: 500,
      });
      relay = started;
      await started.start();
      const writer = new OutboxWriter(schema);
      const write = (n: number) =>
        dataSource!.transaction(async (manager) => {
          for (let i = 0; i < n; i += 1)
            await writer.publish(manager, subjects.case.created, aCaseCreatedEvent() as never);
        });
      const pending = async () =>
        (await dataSource!.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n as number;
      const stream = prefixedStream(prefix, 'CASE');
      const published = async () => (await nats.jsm.streams.info(stream)).state.messages;

      await write(3);
      await waitFor(async () => (await pending()) === 0, { what: 'the first rows to be relayed' });
      expect(await published()).toBe(3);

      await server.kill();
      await waitFor(() => started.listenerHealth().status === 'degraded', { what: 'a degraded listener' });
      await server.restart();
      await waitFor(() => started.listenerHealth().status === 'up', {
        timeoutMs: 30_000,
        what: 'the relay to LISTEN again',
      });
      // Let the relay's pool find its way back before the rows go in (a refused batch is retried anyway).
      await waitFor(async () => (await pending()) === 0, { timeoutMs: 30_000, what: 'the pool' });
      await write(5);
      await waitFor(async () => (await pending()) === 0, {
        timeoutMs: 60_000,
        what: 'rows written after the restart to be relayed on NOTIFY',
      });
      expect(await published()).toBe(8);
    } finally {
      // Stopped whatever failed: a relay left running re-opens its LISTEN after the test file is gone.
      await relay?.stop(1000).catch(() => undefined);
      await dataSource?.destroy().catch(() => undefined);
      await nats.jsm.streams.delete(prefixedStream(prefix, 'CASE')).catch(() => undefined);
      await nats.close();
    }
  }, 180_000);
});

describe('the outbox relay after NATS comes back', () => {
  let nats: NatsServerProcess;
  let client: NatsClient;
  let dataSource: DataSource;
  let schema: string;
  const PREFIX = 'relayreconnect';

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    client = await NatsClient.connect({ url: nats.url, name: 'relay-reconnect', logger: silentLogger });
    await ensureStreams(client.jsm, { prefix: PREFIX });
    ({ dataSource, schema } = await isolatedSchema('reconnect'));
  });

  afterAll(async () => {
    await client?.close();
    await dataSource?.destroy();
    await nats?.dispose();
  });

  it('publishes as soon as NATS is back, not when its backoff runs out (here ten minutes)', async () => {
    const { logger, lines } = capturingLogger();
    const relay = new OutboxRelay({
      dataSource,
      databaseUrl: (dataSource.options as { url: string }).url,
      schema,
      js: client.js,
      subjectPrefix: PREFIX,
      logger,
      idlePollMs: TEN_MINUTES,
      minBackoffMs: TEN_MINUTES,
      maxBackoffMs: TEN_MINUTES,
      publishTimeoutMs: 1000,
      onNatsReconnect: (listener) => client.onReconnect(listener),
    });
    await relay.start();
    await nats.kill();
    const writer = new OutboxWriter(schema);
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < 20; i += 1)
        await writer.publish(manager, subjects.case.created, aCaseCreatedEvent() as never);
    });
    await waitFor(() => lines.some((l) => l.msg === 'outbox relay cannot publish; backing off'), {
      timeoutMs: 30_000,
      what: 'the relay to fail against the dead broker and back off for ten minutes',
    });
    await nats.restart();
    await waitFor(
      async () => (await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n === 0,
      { timeoutMs: 60_000, what: 'the outbox to drain once NATS is back' },
    );
    expect((await client.jsm.streams.info(prefixedStream(PREFIX, 'CASE'))).state.messages).toBe(20);
    expect(lines.some((l) => l.msg === 'NATS is back; the outbox relay publishes again')).toBe(true);
    await relay.stop(1000);
  }, 120_000);
});
