import pg from 'pg';
import { subjects } from '@yiwang/contracts';
import {
  IDENTITY_HEADER,
  IdentityContext,
  OutboxWriter,
  outboxChannel,
  outboxEvent,
  type Identity,
} from '@yiwang/platform';
import { aCaseCreatedEvent } from '@yiwang/testing';
import type { DataSource } from 'typeorm';
import { isolatedSchema } from './messaging-fixture.js';

const identity: Identity = {
  subject: 'importer',
  roles: ['district_admin'],
  permissions: ['registry:import'],
  scopePath: '44.4401.440106',
  department: null,
  kind: 'user',
};

/** OutboxWriter.publish and publishMany on real PostgreSQL: same rows, same checks, one wake-up. */
describe('outbox writer', () => {
  let dataSource: DataSource;
  let schema: string;
  let writer: OutboxWriter;

  beforeAll(async () => {
    ({ dataSource, schema } = await isolatedSchema('outboxwriter'));
    writer = new OutboxWriter(schema);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  type Row = {
    id: string;
    subject: string;
    payload: Record<string, unknown>;
    headers: Record<string, string>;
  };
  const rows = async (ids: string[]): Promise<Row[]> =>
    dataSource.query(
      `SELECT id, subject, payload, headers FROM "${schema}".outbox WHERE id = ANY($1::uuid[])`,
      [ids],
    );

  it('writes many events in one statement, in order, as publish writes one, with one NOTIFY', async () => {
    const events = Array.from({ length: 300 }, () => aCaseCreatedEvent());
    const listener = new pg.Client({ connectionString: (dataSource.options as { url: string }).url });
    await listener.connect();
    const notifications: string[] = [];
    listener.on('notification', (n) => notifications.push(n.channel));
    await listener.query(`LISTEN ${outboxChannel(schema)}`);
    try {
      const { many, single } = await IdentityContext.run(identity, () =>
        dataSource.transaction(async (manager) => {
          const many = await writer.publishMany(
            manager,
            events.map((e) => outboxEvent(subjects.case.created, e as never)),
          );
          const single = await writer.publish(manager, subjects.case.created, aCaseCreatedEvent() as never);
          return { many, single };
        }),
      );
      expect(many).toHaveLength(300);
      expect(new Set(many).size).toBe(300);
      const written = await rows(many);
      const byId = new Map(written.map((r) => [r.id, r]));
      expect(many.map((id) => byId.get(id)?.payload.caseId)).toEqual(events.map((e) => e.caseId));
      const [one] = await rows([single]);
      for (const row of written) {
        expect(row.subject).toBe('case.v1.created');
        // The same headers as publish() writes: the identity of the caller, and trace context if any.
        expect(row.headers).toEqual(one.headers);
      }
      expect(one.headers[IDENTITY_HEADER]).toEqual(expect.any(String));
      // The outbox is read by the relay in insertion order within a transaction: created_at ties, so the
      // physical order is what it sees.
      const order: { id: string }[] = await dataSource.query(
        `SELECT id FROM "${schema}".outbox WHERE id = ANY($1::uuid[]) ORDER BY ctid`,
        [many],
      );
      expect(order.map((r) => r.id)).toEqual(many);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(notifications).toEqual([outboxChannel(schema)]);
    } finally {
      await listener.end();
    }
  });

  it('checks every payload before writing any, and refuses to write outside a transaction', async () => {
    const good = aCaseCreatedEvent();
    const bad = { ...aCaseCreatedEvent(), caseId: 'not-a-uuid' };
    const before = Number((await dataSource.query(`SELECT count(*) AS n FROM "${schema}".outbox`))[0].n);
    await expect(
      dataSource.transaction((manager) =>
        writer.publishMany(manager, [
          outboxEvent(subjects.case.created, good as never),
          outboxEvent(subjects.case.created, bad as never),
        ]),
      ),
    ).rejects.toThrow(/case\.v1\.created/);
    await expect(
      writer.publishMany(dataSource.manager, [outboxEvent(subjects.case.created, good as never)]),
    ).rejects.toThrow(/outside a transaction/);
    const after = Number((await dataSource.query(`SELECT count(*) AS n FROM "${schema}".outbox`))[0].n);
    expect(after).toBe(before);
    await expect(dataSource.transaction((manager) => writer.publishMany(manager, []))).resolves.toEqual([]);
  });
});
