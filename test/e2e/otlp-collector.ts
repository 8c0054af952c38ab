import { createServer, type Server } from 'node:http';
import { freePort } from '@yiwang/testing';

interface OtlpSpan {
  traceId: string;
  name: string;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

/**
 * A minimal OTLP/HTTP JSON receiver standing in for an OpenTelemetry collector: it keeps what the services
 * export so a test can ask which services reported spans of one trace.
 */
export class OtlpCollector {
  private readonly spans: { service: string; traceId: string; name: string }[] = [];

  private readonly server: Server;

  private constructor(readonly url: string) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        if (request.url === '/v1/traces') this.ingest(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  static async start(): Promise<OtlpCollector> {
    const port = await freePort();
    const collector = new OtlpCollector(`http://127.0.0.1:${port}`);
    await new Promise<void>((r) => collector.server.listen(port, '127.0.0.1', r));
    return collector;
  }

  private ingest(body: string): void {
    const parsed = JSON.parse(body) as OtlpExport;
    for (const resourceSpans of parsed.resourceSpans ?? []) {
      const service =
        resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? [])
          this.spans.push({ service, traceId: span.traceId, name: span.name });
      }
    }
  }

  servicesInTrace(traceId: string): Set<string> {
    return new Set(this.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
  }

  spanNames(traceId: string): string[] {
    return this.spans.filter((s) => s.traceId === traceId).map((s) => s.name);
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
