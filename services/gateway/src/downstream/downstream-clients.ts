import type { OnModuleDestroy } from '@nestjs/common';
import { calleesOf, grpcServiceName, type CalleeEntry } from '@yiwang/contracts';
import { GrpcClient } from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';

type Callee = CalleeEntry<'gateway'>;
/** A gRPC service of a service the gateway calls, e.g. `case` + `AssessmentService`. */
export type DownstreamService = {
  [E in Callee as E['name']]: { service: E['name']; grpc: E['grpc']['services'][number] };
}[Callee['name']];

/** The Nest token of the client of one downstream gRPC service (its fully qualified name). */
export function downstreamClientToken<S extends DownstreamService['service']>(
  service: S,
  grpc: Extract<DownstreamService, { service: S }>['grpc'],
): string {
  const entry = calleesOf('gateway').find((s) => s.name === service)!;
  return `grpc-client:${grpcServiceName(entry, grpc)}`;
}

/**
 * Every gRPC client of the gateway, built one way: one per gRPC service of each service the catalogue says
 * the gateway calls, at the address its `<NAME>_GRPC_ADDR` gives. All are closed on shutdown together.
 */
export class DownstreamClients implements OnModuleDestroy {
  private readonly clients = new Map<string, GrpcClient<unknown>>();

  constructor(config: GatewayConfig) {
    for (const entry of calleesOf('gateway')) {
      for (const grpc of entry.grpc.services) {
        const service = grpcServiceName(entry, grpc);
        this.clients.set(
          `grpc-client:${service}`,
          new GrpcClient({
            protoFiles: entry.grpc.protoFiles,
            service,
            address: config[entry.grpc.addressEnv],
            deadlineMs: config.GRPC_DEADLINE_MS,
          }),
        );
      }
    }
  }

  /** Tokens of every client, for the module's providers (the same list the constructor builds). */
  static tokens(): string[] {
    return calleesOf('gateway').flatMap((entry) =>
      entry.grpc.services.map((grpc) => `grpc-client:${grpcServiceName(entry, grpc)}`),
    );
  }

  /** Every client, for the shutdown test. */
  all(): GrpcClient<unknown>[] {
    return [...this.clients.values()];
  }

  byToken(token: string): GrpcClient<unknown> {
    const client = this.clients.get(token);
    if (!client) throw new Error(`no downstream gRPC client ${token}`);
    return client;
  }

  onModuleDestroy(): void {
    for (const client of this.clients.values()) client.close();
  }
}
