import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { subjects, type PayloadOf } from '@yiwang/contracts';
import {
  OnEvent,
  OutboxWriter,
  PlatformOutboxInbox1763769600000,
  baseServiceConfig,
  type EventContext,
  type ServiceSpec,
} from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { createServiceTestApp, testPool, waitFor, type ServiceTestApp } from '../src/index.js';

// A service of its own for the harness: its schema holds only the outbox and inbox, its one feature writes
// an event and consumes it again. Enough to see both modes: events kept in the outbox, or relayed over NATS.
const spec: ServiceSpec = {
  name: 'harness-probe',
  schema: 'harness_probe',
  configSchema: baseServiceConfig,
  entities: [],
  migrations: [PlatformOutboxInbox1763769600000],
  module: () => ProbeModule,
};

@Injectable()
class Probe {
  readonly received: Array<PayloadOf<typeof subjects.case.created>> = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  report(caseId: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await this.outbox.publish(manager, subjects.case.created, {
        caseId,
        category: 'street_light',
        channel: 'grid_worker',
        unitCode: '440106001',
        unitPath: ['44', '4401', '440106', '440106001'],
        createdAt: new Date().toISOString(),
      });
    });
  }

  @OnEvent(subjects.case.created, { durable: 'harness-probe' })
  async onCreated(event: PayloadOf<typeof subjects.case.created>, _context: EventContext): Promise<void> {
    this.received.push(event);
  }
}

@Module({ providers: [Probe] })
class ProbeModule {}

describe('createServiceTestApp', () => {
  let test: ServiceTestApp<typeof spec extends ServiceSpec<infer C> ? C : never> | undefined;
  afterEach(() => test?.close());

  it('migrates the schema and keeps events in the outbox, where the test reads them; closing drops them', async () => {
    test = await createServiceTestApp({ spec, modules: [ProbeModule] });
    const id = randomUUID();
    await test.get(Probe).report(id);
    const events = await test.outbox();
    expect(events.map((e) => [e.subject, e.payload.caseId])).toEqual([['case.v1.created', id]]);
    expect(test.get(Probe).received).toEqual([]);
    await test.close();
    test = undefined;
    const pool = testPool();
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM harness_probe.outbox`);
    await pool.end();
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('with messaging, relays the event over NATS under its own prefix to the consumer, once', async () => {
    test = await createServiceTestApp({ spec, modules: [ProbeModule], messaging: { namespace: 'probe' } });
    expect(test.natsPrefix).toMatch(/_probe$/);
    const id = randomUUID();
    await test.get(Probe).report(id);
    const probe = test.get(Probe);
    await waitFor(() => probe.received.some((e) => e.caseId === id), { what: 'the relayed event' });
    expect(probe.received.filter((e) => e.caseId === id)).toHaveLength(1);
    const inbox = await test.dataSource.query(
      `SELECT consumer, subject FROM harness_probe.inbox WHERE consumer = 'harness-probe'`,
    );
    expect(inbox).toEqual([{ consumer: 'harness-probe', subject: 'case.v1.created' }]);
    expect(await test.outbox()).toEqual([]);
  });
});
