import { Server, ServerCredentials, loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_ROOT } from '@yiwang/contracts';
import {
  decodeIdentity,
  IDENTITY_HEADER,
  protoLoaderOptions,
  toGrpcError,
  type Identity,
} from '@yiwang/platform';

// A downstream service a service-level test does not run: a real gRPC server in this process, loaded from
// the same .proto files, answering what the test says. The service under test reaches it through its
// ordinary client (its address goes in the service's config), so deadlines, metadata and error trailers
// travel as in production.

/** One method's answer: a value, or a thrown DomainError (sent as its gRPC status and x-error-code). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each fake names its own request type
export type PeerHandler = (request: any, call: { identity: Identity | null }) => unknown;

export interface GrpcPeerCall {
  service: string;
  method: string;
  request: unknown;
  identity: Identity | null;
}

export interface GrpcPeer {
  /** `127.0.0.1:<port>`. */
  address: string;
  /** Every call received, in order. */
  calls: GrpcPeerCall[];
  /** Replaces a method's answer; returns the one it replaced (to put back). */
  answer(service: string, method: string, handler: PeerHandler): PeerHandler | undefined;
  close(): Promise<void>;
}

/**
 * Serves `services` (fully qualified name → method → handler; methods named as in the generated clients,
 * `resolveLocation`) from `protoFiles`. A method without a handler answers UNIMPLEMENTED.
 */
export async function startGrpcPeer(options: {
  protoFiles: readonly string[];
  services: Record<string, Record<string, PeerHandler>>;
}): Promise<GrpcPeer> {
  const definition = loadSync([...options.protoFiles], { ...protoLoaderOptions, includeDirs: [PROTO_ROOT] });
  const pkg = loadPackageDefinition(definition) as Record<string, unknown>;
  const handlers = new Map<string, PeerHandler>();
  const key = (service: string, method: string) => `${service}/${method}`;
  const calls: GrpcPeerCall[] = [];
  const server = new Server();
  for (const [service, methods] of Object.entries(options.services)) {
    const ctor = service
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], pkg) as
      { service?: ServiceDefinition } | undefined;
    const serviceDefinition = ctor?.service;
    if (!serviceDefinition) throw new Error(`Unknown gRPC service ${service}`);
    for (const [method, handler] of Object.entries(methods)) handlers.set(key(service, method), handler);
    const implementation: Record<string, Function> = {};
    for (const [name, method] of Object.entries(serviceDefinition)) {
      // proto-loader names each method twice: as in the proto (ResolveLocation) and camel-cased.
      const camel = (method as { originalName?: string }).originalName ?? name;
      implementation[name] = (
        call: { request: unknown; metadata: { get(key: string): Array<string | Buffer> } },
        callback: Function,
      ) => {
        const identity = decodeIdentity(String(call.metadata.get(IDENTITY_HEADER)?.[0] ?? ''));
        calls.push({ service, method: camel, request: call.request, identity });
        const handler = handlers.get(key(service, camel));
        if (!handler) return callback({ code: 12, details: `${service}/${camel} is not faked` });
        Promise.resolve()
          .then(() => handler(call.request, { identity }))
          .then(
            (response) => callback(null, response),
            (error) => callback(toGrpcError(error)),
          );
      };
    }
    server.addService(serviceDefinition, implementation as never);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    calls,
    answer: (service, method, handler) => {
      const previous = handlers.get(key(service, method));
      handlers.set(key(service, method), handler);
      return previous;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      }),
  };
}
