import { credentials, loadPackageDefinition, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_ROOT } from '@yiwang/contracts';
import type { Observable } from 'rxjs';
import { IDENTITY_HEADER, IdentityContext, encodeIdentity } from '../context/identity.js';
import { grpcCalls, grpcDuration } from '../metrics/metrics.js';
import { currentTraceHeaders } from '../telemetry/tracing.js';
import { fromGrpcError } from './grpc-errors.js';

export const protoLoaderOptions = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  // No virtual `_field` members for proto3 `optional` (synthetic oneofs): they would leak into API answers.
  oneofs: false,
  includeDirs: [PROTO_ROOT],
};

export interface GrpcClientSpec {
  /** Paths relative to the contracts' proto root. */
  protoFiles: readonly string[];
  /** Fully qualified service name, e.g. `yiwang.case.v1.CaseService`. */
  service: string;
  address: string;
  /** Default deadline for every call; no call waits forever. */
  deadlineMs?: number;
}

type Unary<T> = {
  [K in keyof T]: T[K] extends (req: infer Req, ...rest: never[]) => Observable<infer Res>
    ? [Req, Res]
    : never;
};

/**
 * A promise-based gRPC client typed by ts-proto's generated client interface. Every call has a deadline,
 * carries the caller's identity and trace context as metadata, and turns failures back into DomainErrors.
 */
export class GrpcClient<T> {
  /** Clients made and not yet closed in this process: a shutdown that leaks a channel shows here. */
  private static readonly open = new Set<GrpcClient<unknown>>();
  private readonly client: Client & Record<string, Function>;
  private readonly deadlineMs: number;
  private closedFlag = false;

  static openCount(): number {
    return GrpcClient.open.size;
  }

  constructor(private readonly spec: GrpcClientSpec) {
    const definition = loadSync([...spec.protoFiles], protoLoaderOptions);
    const pkg = loadPackageDefinition(definition) as Record<string, unknown>;
    const ctor = spec.service
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], pkg) as
      (new (...args: unknown[]) => Client & Record<string, Function>) | undefined;
    if (typeof ctor !== 'function')
      throw new Error(`Unknown gRPC service ${spec.service} in ${spec.protoFiles.join(', ')}`);
    this.client = new ctor(spec.address, credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 30_000,
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
      'grpc.max_send_message_length': 80 * 1024 * 1024,
    });
    this.deadlineMs = spec.deadlineMs ?? 5000;
    GrpcClient.open.add(this);
  }

  /** The fully qualified gRPC service this client calls. */
  get service(): string {
    return this.spec.service;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  call<K extends keyof T & string>(
    method: K,
    request: Unary<T>[K][0],
    options: { deadlineMs?: number } = {},
  ): Promise<Unary<T>[K][1]> {
    const metadata = new Metadata();
    const identity = IdentityContext.current();
    if (identity) metadata.set(IDENTITY_HEADER, encodeIdentity(identity));
    for (const [key, value] of Object.entries(currentTraceHeaders())) metadata.set(key, value);
    const deadline = Date.now() + (options.deadlineMs ?? this.deadlineMs);
    const label = `${this.spec.service.split('.').pop()}/${method}`;
    const end = grpcDuration.startTimer({ side: 'client', method: label });
    return new Promise((resolve, reject) => {
      this.client[method](
        request,
        metadata,
        { deadline },
        (error: ServiceError | null, response: Unary<T>[K][1]) => {
          end();
          grpcCalls.inc({ side: 'client', method: label, code: error ? error.code : 0 });
          if (error) reject(fromGrpcError(error, label));
          else resolve(response);
        },
      );
    });
  }

  close(): void {
    this.client.close();
    this.closedFlag = true;
    GrpcClient.open.delete(this);
  }
}
