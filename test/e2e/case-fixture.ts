import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CaseTransitionV1 } from '@yiwang/contracts';
import { prefixedStream, prefixedSubject } from '@yiwang/platform';
import { ServiceProcess, testNatsPrefix, testNatsUrl, waitFor } from '@yiwang/testing';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
export type Json = Record<string, any>;

export interface CaseEvent {
  subject: string;
  payload: Json;
}

/**
 * The whole platform with a one-street demo registry (real grids and departments), a NATS subscription
 * on every case.v1 event, and HTTP helpers for the case API.
 */
export class CaseFixture {
  readonly events: CaseEvent[] = [];
  private nats?: NatsConnection;

  private constructor(
    readonly platform: PlatformStack,
    readonly namespace: string,
  ) {}

  static async start(namespace: string, env: Record<string, string> = {}): Promise<CaseFixture> {
    const platform = await startPlatform(namespace, env);
    const fixture = new CaseFixture(platform, namespace);
    try {
      const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
        'demo',
        '--district',
        '440106',
        '--streets',
        '1',
      ]);
      if ((await demo.exited()) !== 0) throw new Error(`registry demo failed: ${demo.stderr.join('')}`);
      fixture.nats = await connect({ servers: testNatsUrl() });
      const prefix = testNatsPrefix(namespace);
      const sub = fixture.nats.subscribe(`${prefix ? `${prefix}.` : ''}case.v1.>`);
      void (async () => {
        for await (const msg of sub) {
          fixture.events.push({ subject: msg.subject.replace(`${prefix}.`, ''), payload: msg.json() });
        }
      })();
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return fixture;
  }

  /** Publishes an event onto JetStream as another service would (e.g. case-clock's overdue). */
  async publish(subject: string, payload: Json): Promise<void> {
    const prefix = testNatsPrefix(this.namespace);
    await jetstream(this.nats!).publish(`${prefix ? `${prefix}.` : ''}${subject}`, JSON.stringify(payload), {
      msgID: randomUUID(),
    });
  }

  /**
   * The events of one subject stored in the CASE stream for one case, read back from JetStream with an
   * ordered consumer (what a late subscriber or a replay sees, not the live core subscription).
   */
  async stored(subject: string, caseId: string): Promise<Json[]> {
    const prefix = testNatsPrefix(this.namespace);
    const js = jetstream(this.nats!);
    const consumer = await js.consumers.get(prefixedStream(prefix, 'CASE'), {
      // A string, not an array: NATS 2.9 knows one filter subject per consumer.
      filter_subjects: prefixedSubject(prefix, subject),
    });
    const found: Json[] = [];
    const pending = (await consumer.info(true)).num_pending;
    if (pending === 0) return found;
    const batch = await consumer.fetch({ max_messages: pending, expires: 5_000 });
    for await (const msg of batch) {
      const payload = msg.json<Json>();
      if (payload.caseId === caseId) found.push(payload);
      if (msg.info.pending === 0) break;
    }
    return found;
  }

  async stop(): Promise<void> {
    await this.nats?.drain();
    await this.platform.stop();
  }

  token(role: string, unit: string | null, department?: string): Promise<string> {
    return this.platform.tokenFor(role, unit, department ? { department } : {});
  }

  request(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
    return fetch(`${this.platform.gateway}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json(method: string, path: string, token: string, body?: unknown): Promise<Json> {
    const response = await this.request(method, path, token, body);
    const parsed = (await response.json()) as Json;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  }

  /** An action that must succeed; answers the case. */
  act(token: string, id: string, action: string, body: Json = {}): Promise<Json> {
    return this.json('POST', `/api/v1/cases/${id}/actions`, token, { action, ...body });
  }

  actRaw(token: string, id: string, action: string, body: Json = {}, headers: Record<string, string> = {}) {
    return this.request('POST', `/api/v1/cases/${id}/actions`, token, { action, ...body }, headers);
  }

  create(token: string, body: Json): Promise<Json> {
    return this.json('POST', '/api/v1/cases', token, {
      title: '小区路灯不亮',
      description: '3号楼前两盏路灯夜间不亮',
      category: 'street_light',
      channel: 'grid_worker',
      ...body,
    });
  }

  get(token: string, id: string): Promise<Json> {
    return this.json('GET', `/api/v1/cases/${id}`, token);
  }

  /** The case.v1 events of one case, in order, once `count` of them arrived. */
  async eventsOf(caseId: string, count: number, subject?: string): Promise<CaseEvent[]> {
    return waitFor(
      () => {
        const found = this.events.filter(
          (e) =>
            e.payload.caseId === caseId &&
            (subject ? e.subject === subject : e.subject !== 'case.v1.overdue'),
        );
        return found.length >= count ? found.sort((a, b) => seqOf(a) - seqOf(b)) : undefined;
      },
      { what: `${count} events of case ${caseId}`, timeoutMs: 15_000 },
    );
  }

  /** Every transition event must match the contract. */
  static checkContract(events: CaseEvent[]): void {
    for (const event of events) {
      if (event.subject === 'case.v1.created') continue;
      const parsed = CaseTransitionV1.safeParse(event.payload);
      if (!parsed.success) throw new Error(`${event.subject}: ${parsed.error.message}`);
    }
  }
}

const seqOf = (e: CaseEvent): number => (e.payload.seq as number | undefined) ?? 1;

/** A point inside a grid's polygon (the average of a convex ring's corners). */
export function insideOf(grid: Json): { lat: number; lng: number } {
  const ring: [number, number][] = grid.polygon.coordinates[0];
  const n = ring.length - 1;
  const [lng, lat] = ring.slice(0, -1).reduce(([x, y], [a, b]) => [x + a / n, y + b / n], [0, 0]);
  return { lat, lng };
}
