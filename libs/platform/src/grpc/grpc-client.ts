import {
  credentials,
  loadPackageDefinition,
  Metadata,
  type Client,
  type ClientReadableStream,
  type ClientWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
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

/** Client-streaming methods: the request side is an Observable of messages in ts-proto's client interface. */
type ClientStreaming<T> = {
  [K in keyof T]: T[K] extends (req: Observable<infer Req>, ...rest: never[]) => Observable<infer Res>
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

  /**
   * A client-streaming call fed from an async iterable, with backpressure (waits for `drain`). When the
   * source throws, the call is cancelled (the server sees a stream that never finished) and the source's
   * error is rethrown, not the cancellation.
   */
  async sendStream<K extends keyof T & string>(
    method: K,
    messages: AsyncIterable<ClientStreaming<T>[K][0]>,
    options: { deadlineMs?: number } = {},
  ): Promise<ClientStreaming<T>[K][1]> {
    const label = `${this.spec.service.split('.').pop()}/${method}`;
    const end = grpcDuration.startTimer({ side: 'client', method: label });
    let sourceError: Error | null = null;
    let call!: ClientWritableStream<unknown>;
    const answer = new Promise<ClientStreaming<T>[K][1]>((resolve, reject) => {
      call = this.client[method](
        this.metadata(),
        { deadline: Date.now() + (options.deadlineMs ?? this.deadlineMs) },
        (error: ServiceError | null, response: ClientStreaming<T>[K][1]) => {
          end();
          grpcCalls.inc({ side: 'client', method: label, code: error ? error.code : 0 });
          if (sourceError) reject(sourceError);
          else if (error) reject(fromGrpcError(error, label));
          else resolve(response);
        },
      ) as ClientWritableStream<unknown>;
    });
    // The server may answer (an error) before the source is drained: stop feeding it then.
    let settled = false;
    void answer.then(
      () => (settled = true),
      () => (settled = true),
    );
    try {
      for await (const message of messages) {
        if (settled) break;
        if (!call.write(message))
          await new Promise<void>((resolve) => {
            const done = () => {
              call.off('drain', done);
              call.off('close', done);
              resolve();
            };
            call.once('drain', done);
            call.once('close', done);
          });
      }
      if (!settled) call.end();
    } catch (error) {
      sourceError = error instanceof Error ? error : new Error('the stream source failed');
      call.cancel();
    }
    return answer;
  }

  /**
   * A server-streaming call as an async iterable of its messages; failures arrive as DomainErrors while
   * iterating. Breaking out of the loop cancels the call.
   */
  async *receiveStream<K extends keyof T & string>(
    method: K,
    request: Unary<T>[K][0],
    options: { deadlineMs?: number } = {},
  ): AsyncGenerator<Unary<T>[K][1]> {
    const label = `${this.spec.service.split('.').pop()}/${method}`;
    const end = grpcDuration.startTimer({ side: 'client', method: label });
    const call = this.client[method](request, this.metadata(), {
      deadline: Date.now() + (options.deadlineMs ?? this.deadlineMs),
    }) as ClientReadableStream<Unary<T>[K][1]>;
    let code = 0;
    try {
      for await (const message of call) yield message as Unary<T>[K][1];
    } catch (error) {
      code = (error as ServiceError).code ?? 2;
      throw fromGrpcError(error as ServiceError, label);
    } finally {
      if (!call.destroyed) call.cancel();
      end();
      grpcCalls.inc({ side: 'client', method: label, code });
    }
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    const identity = IdentityContext.current();
    if (identity) metadata.set(IDENTITY_HEADER, encodeIdentity(identity));
    for (const [key, value] of Object.entries(currentTraceHeaders())) metadata.set(key, value);
    return metadata;
  }

  close(): void {
    this.client.close();
    this.closedFlag = true;
    GrpcClient.open.delete(this);
  }
}
