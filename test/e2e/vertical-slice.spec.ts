import { downstreamServices } from '@yiwang/contracts';
import { randomUUID } from 'node:crypto';
import { aCaseReport, waitFor } from '@yiwang/testing';
import { OtlpCollector } from './otlp-collector.js';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

/**
 * The slice end to end, with every service a real process: HTTP at the gateway → gRPC → case service
 * (PostgreSQL + outbox) → JetStream → the grid service's consumer, under one trace id.
 */
describe('vertical slice: gateway → case → outbox → JetStream → grid', () => {
  let platform: PlatformStack;
  let collector: OtlpCollector;
  let token: string;

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    platform = await startPlatform('slice', {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    token = await platform.tokenFor('district_admin', '440106');
  }, 90_000);

  afterAll(async () => {
    await platform?.stop();
    await collector?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${platform.gateway}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const authed = (path: string) =>
    fetch(`${platform.gateway}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const activity = async (unit: string) =>
    (await (await authed(`/api/v1/registry/units/${unit}/activity`)).json()) as { casesReported: number };

  it('answers readiness with 200 only when all six services are ready, listing each', async () => {
    const response = await fetch(`${platform.gateway}/health/ready`);
    const body = (await response.json()) as Json;
    expect(response.status).toBe(200);
    // Every service behind the gateway, from the service catalogue (five today).
    expect(downstreamServices).toHaveLength(5);
    for (const { name } of downstreamServices) {
      expect([name, body.checks[`service:${name}`]]).toEqual([name, { status: 'up' }]);
    }
    expect(body.checks.database).toEqual({ status: 'up' });
    expect(body.checks.nats).toEqual({ status: 'up' });
    expect(body.checks['outbox-listener']).toEqual({ status: 'up' });
    expect(body.status).toBe('ready');
  });

  it('creates a case, and the grid service records its effect once, in the same trace', async () => {
    const unit = `440106001${String(Math.floor(Math.random() * 900) + 100)}`;
    const before = await activity(unit);
    const response = await post(aCaseReport({ unitCode: unit }));
    expect(response.status).toBe(201);
    const created = (await response.json()) as Json;
    expect(created).toMatchObject({
      state: 'reported',
      unitCode: unit,
      unitPath: ['44', '4401', '440106', '440106001', unit],
    });
    expect(response.headers.get('location')).toBe(`/api/v1/cases/${created.id}`);

    const consumed = await waitFor(
      () =>
        platform.processes.grid.findLog((l) => l.msg === 'case activity recorded' && l.caseId === created.id),
      { what: 'the grid consumer to record the case' },
    );
    // Each process's log reaches the test through its own pipe, in no promised order relative to the HTTP
    // answer or to each other: wait for each line rather than read whatever arrived so far.
    const accepted = await waitFor(
      () =>
        platform.processes.gateway.findLog(
          (l) => l.msg === 'case accepted at gateway' && l.caseId === created.id,
        ),
      { what: "the gateway's 'case accepted at gateway' log line" },
    );
    const stored = await waitFor(
      () => platform.processes.case.findLog((l) => l.msg === 'case reported' && l.caseId === created.id),
      { what: "the case service's 'case reported' log line" },
    );
    expect(accepted?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(stored?.trace_id).toBe(accepted?.trace_id);
    expect(consumed.trace_id).toBe(accepted?.trace_id);

    expect((await activity(unit)).casesReported).toBe(before.casesReported + 1);

    // The same trace leaves every process over OTLP: gateway (HTTP, gRPC client), case (gRPC server,
    // PostgreSQL), grid (location lookup over gRPC, then the JetStream consumer).
    const services = await waitFor(
      () => {
        const seen = collector.servicesInTrace(accepted.trace_id!);
        const consumedSpan = collector.spanNames(accepted.trace_id!).includes('consume case.v1.created');
        return consumedSpan && ['gateway', 'case', 'grid'].every((s) => seen.has(s)) ? seen : undefined;
      },
      { what: 'spans of the trace from gateway, case and grid', timeoutMs: 10_000 },
    );
    expect([...services].sort()).toEqual(expect.arrayContaining(['case', 'gateway', 'grid']));
    expect(collector.spanNames(accepted.trace_id!)).toEqual(
      expect.arrayContaining(['consume case.v1.created']),
    );
    const fetched = await authed(`/api/v1/cases/${created.id}`);
    expect(await fetched.json()).toMatchObject({ id: created.id, title: '小区路灯不亮' });
  });

  it('returns the first result for a retried Idempotency-Key, and the effect still happens once', async () => {
    const unit = `440106002${String(Math.floor(Math.random() * 900) + 100)}`;
    const key = randomUUID();
    const first = await post(aCaseReport({ unitCode: unit }), { 'Idempotency-Key': key });
    const second = await post(aCaseReport({ unitCode: unit }), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotency-replayed')).toBe('true');
    const [a, b] = [(await first.json()) as Json, (await second.json()) as Json];
    expect(b.id).toBe(a.id);
    await waitFor(async () => (await activity(unit)).casesReported === 1, { what: 'the effect' });
    await new Promise((r) => setTimeout(r, 500));
    expect((await activity(unit)).casesReported).toBe(1);
  });

  it('answers bad input with problem+json naming the field, never a 5xx', async () => {
    const invalid = await post(aCaseReport({ title: '', channel: 'carrier_pigeon' }));
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await invalid.json()) as Json;
    expect(body.code).toBe('request.invalid');
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.title']),
    );

    // The gateway's shape check passes, the case service's domain rule refuses: the error crosses gRPC.
    const domain = await post(aCaseReport({ channel: 'carrier_pigeon' }));
    expect(domain.status).toBe(400);
    expect(await domain.json()).toMatchObject({ code: 'case.invalid_input', errors: [{ field: 'channel' }] });

    const malformed = await post('{"title": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).code).toBe('request.malformed');

    const huge = await post(aCaseReport({ description: 'x'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as Json).code).toBe('request.too_large');

    const missing = await authed(`/api/v1/cases/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Json).code).toBe('case.not_found');

    const noRoute = await authed(`/api/v1/nothing-here`);
    expect(noRoute.status).toBe(404);
    expect(noRoute.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('exposes Prometheus metrics on every service', async () => {
    const gatewayMetrics = await (await fetch(`${platform.gateway}/metrics`)).text();
    expect(gatewayMetrics).toMatch(
      /yiwang_http_requests_total\{method="POST",route="\/api\/v1\/cases",status="201"\}/,
    );
    expect(gatewayMetrics).toMatch(
      /yiwang_grpc_calls_total\{side="client",method="CaseService\/createCase",code="0"\}/,
    );
    const caseMetrics = await (await fetch(`http://127.0.0.1:${platform.ports.case.http}/metrics`)).text();
    expect(caseMetrics).toMatch(/yiwang_outbox_backlog \d+/);
    expect(caseMetrics).toMatch(/yiwang_messages_published_total\{subject="case.v1.created"\} \d+/);
    const gridMetrics = await (await fetch(`http://127.0.0.1:${platform.ports.grid.http}/metrics`)).text();
    expect(gridMetrics).toMatch(/yiwang_consumer_lag\{consumer="grid-case-activity"\} \d+/);
    expect(gridMetrics).toMatch(
      /yiwang_messages_consumed_total\{consumer="grid-case-activity",outcome="processed"\} \d+/,
    );
  });

  it('turns not-ready when a service goes away, and that service shuts down cleanly', async () => {
    const funding = platform.processes.funding;
    expect(await funding.stop('SIGTERM')).toBe(0);
    expect(funding.findLog((l) => l.msg === 'stopped cleanly')).toBeDefined();
    const response = await fetch(`${platform.gateway}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as Json;
    expect(body.checks['service:funding'].status).toBe('down');
    expect(body.checks['service:case']).toEqual({ status: 'up' });
    // The gateway itself is still fine: what Kubernetes probes stays 200 and leaves the services out.
    const local = await fetch(`${platform.gateway}/health/ready/local`);
    expect(local.status).toBe(200);
    expect(Object.keys(((await local.json()) as Json).checks).sort()).toEqual([
      'database',
      'draining',
      'nats',
      'outbox-listener',
    ]);
  });
});
