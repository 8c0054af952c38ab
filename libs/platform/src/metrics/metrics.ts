import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process, served at /metrics by every service. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const latencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: 'yiwang_http_requests_total',
  help: 'HTTP requests handled, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpDuration = new Histogram({
  name: 'yiwang_http_request_duration_seconds',
  help: 'HTTP request latency',
  labelNames: ['method', 'route'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
});

export const grpcCalls = new Counter({
  name: 'yiwang_grpc_calls_total',
  help: 'gRPC calls, by side (server or client), method and status code',
  labelNames: ['side', 'method', 'code'] as const,
  registers: [metricsRegistry],
});

export const grpcDuration = new Histogram({
  name: 'yiwang_grpc_call_duration_seconds',
  help: 'gRPC call latency',
  labelNames: ['side', 'method'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
});

export const messagesPublished = new Counter({
  name: 'yiwang_messages_published_total',
  help: 'Events published to JetStream by the outbox relay',
  labelNames: ['subject'] as const,
  registers: [metricsRegistry],
});

export const messagesConsumed = new Counter({
  name: 'yiwang_messages_consumed_total',
  help: 'Messages handled by consumers, by outcome (processed, duplicate, retried, dead_lettered, rejected)',
  labelNames: ['consumer', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const messageDuration = new Histogram({
  name: 'yiwang_message_handle_duration_seconds',
  help: 'Time to handle one message, including its database transaction',
  labelNames: ['consumer'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
});

export const outboxBacklog = new Gauge({
  name: 'yiwang_outbox_backlog',
  help: 'Events written to the outbox and not yet published',
  registers: [metricsRegistry],
});

export const consumerLag = new Gauge({
  name: 'yiwang_consumer_lag',
  help: 'Messages pending for a durable consumer (not yet delivered)',
  labelNames: ['consumer'] as const,
  registers: [metricsRegistry],
});

export const outboxPublishFailures = new Counter({
  name: 'yiwang_outbox_publish_failures_total',
  help: 'Relay batches that failed to publish and were retried later',
  registers: [metricsRegistry],
});

// Gauges that need I/O (outbox backlog, consumer lag) are refreshed by probes just before each scrape.
const probes = new Set<() => Promise<void>>();

export function registerProbe(probe: () => Promise<void>): () => void {
  probes.add(probe);
  return () => probes.delete(probe);
}

export async function renderMetrics(): Promise<string> {
  await Promise.allSettled([...probes].map((probe) => probe()));
  return metricsRegistry.metrics();
}
