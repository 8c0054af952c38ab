import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import type { CaseTransitionPayload } from '@yiwang/contracts';
import {
  ServiceProcess,
  freePort,
  testDatabaseUrl,
  testGatewaySecrets,
  testNatsPrefix,
  testNatsUrl,
  withStartLock,
} from '@yiwang/testing';

/**
 * The gateway alone as a real process (its downstream services are not needed for clients, webhooks and
 * the event stream), with a NATS connection that publishes case events the way the case service's outbox
 * relay does: on the prefixed subject, the outbox row id as Nats-Msg-Id.
 */
export interface GatewayOnly {
  url: string;
  prefix: string;
  env: Record<string, string>;
  process: ServiceProcess;
  db: pg.Pool;
  js: JetStreamClient;
  /** Creates a user straight in the gateway's table and logs in; returns the bearer token. */
  tokenFor(role: string, unit: string | null, department?: string | null): Promise<string>;
  publishCase(
    subject: string,
    payload: CaseTransitionPayload,
    msgId?: string,
  ): Promise<{ seq: number; msgId: string }>;
  stop(): Promise<void>;
}

export async function startGateway(
  namespace: string,
  extraEnv: Record<string, string> = {},
): Promise<GatewayOnly> {
  const port = await freePort();
  const prefix = testNatsPrefix(namespace);
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    NATS_URL: testNatsUrl(),
    NATS_PREFIX: prefix,
    DATABASE_POOL_SIZE: '6',
    SHUTDOWN_TIMEOUT_MS: '10000',
    HTTP_PORT: String(port),
    // Test receivers listen on 127.0.0.1: allowed by that literal only, so `localhost` is still refused.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    ...testGatewaySecrets(),
    ...extraEnv,
  };
  const process_ = await withStartLock(async () => {
    const started = ServiceProcess.start('gateway', env);
    await started.ready(90_000);
    return started;
  });
  const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const nc: NatsConnection = await connect({ servers: env.NATS_URL });
  const js = jetstream(nc);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    prefix,
    env,
    process: process_,
    db,
    js,
    tokenFor: async (role, unit, department = null) => {
      const username = `t${randomUUID().slice(0, 12)}`;
      await db.query(
        `INSERT INTO gateway.users (id, username, display_name, password_hash, roles, unit_code, department_code)
         VALUES ($1, $2, $7, $3, $4, $5, $6)`,
        [randomUUID(), username, process.env.YIWANG_TEST_PASSWORD_HASH!, [role], unit, department, username],
      );
      const response = await fetch(`${url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: process.env.YIWANG_TEST_PASSWORD }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`login failed: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    publishCase: async (subject, payload, msgId = randomUUID()) => {
      const h = natsHeaders();
      h.set('Nats-Msg-Id', msgId);
      const ack = await js.publish(`${prefix}.${subject}`, JSON.stringify(payload), {
        msgID: msgId,
        headers: h,
      });
      return { seq: ack.seq, msgId };
    },
    stop: async () => {
      await nc.drain().catch(() => undefined);
      await db.end();
      await process_.stop();
    },
  };
}

/** A case.v1 transition as the case service publishes it. */
export function caseTransition(
  state: CaseTransitionPayload['state'],
  options: { unitCode: string; departmentCode: string | null; category?: string; caseId?: string },
): CaseTransitionPayload {
  const path: string[] = [];
  const division = options.unitCode;
  for (const length of [2, 4, 6, 9, 12]) if (division.length >= length) path.push(division.slice(0, length));
  return {
    caseId: options.caseId ?? randomUUID(),
    seq: 3,
    category: options.category ?? 'municipal.road',
    channel: 'app',
    priority: 'normal',
    state,
    previousState: 'registered',
    unitCode: options.unitCode,
    unitPath: path,
    departmentCode: options.departmentCode,
    actor: { subject: randomUUID(), role: 'street_dispatcher', unitCode: '440106001', departmentCode: null },
    reason: null,
    details: {},
    occurredAt: new Date().toISOString(),
  };
}

export interface ReceivedRequest {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver. `respond` decides each answer: a status, or 'hang' to never answer (a slow
 * receiver) — hanging requests are ended when the receiver closes.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly hanging = new Set<() => void>();
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(
    respond: (n: number, request: ReceivedRequest) => number | 'hang' = () => 204,
  ): Promise<Receiver> {
    const self: { receiver?: Receiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = {
          at: Date.now(),
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        self.receiver!.requests.push(request);
        const answer = respond(self.receiver!.requests.length, request);
        if (answer === 'hang') {
          self.receiver!.hanging.add(() => res.destroy());
          return;
        }
        res.statusCode = answer;
        res.end(answer >= 400 ? 'nope' : '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self.receiver = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    return self.receiver;
  }

  async close(): Promise<void> {
    for (const end of this.hanging) end();
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    this.server.closeAllConnections();
    await closed;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
export type Json = Record<string, any>;

export async function call(
  base: string,
  method: string,
  path: string,
  auth: string | null,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (auth) headers.authorization = auth.includes(' ') ? auth : `Bearer ${auth}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {}, headers: response.headers };
}
