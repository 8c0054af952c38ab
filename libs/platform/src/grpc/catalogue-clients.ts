import type { OnModuleDestroy, Provider } from '@nestjs/common';
import { calleesOf, grpcServiceName, type CalleeEntry, type ServiceName } from '@yiwang/contracts';
import { CONFIG } from '../module/tokens.js';
import { GrpcClient } from './grpc-client.js';

/** The short names of the gRPC services of `S`, a service that `N` calls (e.g. `UnitService` of grid). */
export type CalleeGrpc<N extends ServiceName, S extends string> = Extract<
  CalleeEntry<N>,
  { name: S }
>['grpc']['services'][number];

/** What the clients read from the caller's config: the callees' `<NAME>_GRPC_ADDR` and the deadline. */
export type CalleeConfig<N extends ServiceName> = { GRPC_DEADLINE_MS: number } & {
  [K in CalleeEntry<N>['grpc']['addressEnv']]: string;
};

/** The Nest token of the client of one callee gRPC service (its fully qualified name). */
export function grpcClientToken<N extends ServiceName, S extends CalleeEntry<N>['name']>(
  caller: N,
  service: S,
  grpc: CalleeGrpc<N, S>,
): string {
  const entry = calleesOf(caller).find((s) => s.name === service);
  if (!entry) throw new Error(`the catalogue does not say ${caller} calls ${service}`);
  return `grpc-client:${grpcServiceName(entry, grpc)}`;
}

/**
 * Every gRPC client of one service, built one way from the service catalogue: one per gRPC service of each
 * service its entry `calls`, at the address its `<NAME>_GRPC_ADDR` gives. All are closed on shutdown
 * together, so no feature builds (and forgets to close) a client of its own.
 */
export class CatalogueClients<N extends ServiceName = ServiceName> implements OnModuleDestroy {
  private readonly clients = new Map<string, GrpcClient<unknown>>();

  constructor(caller: N, config: CalleeConfig<N>) {
    for (const entry of calleesOf(caller)) {
      const address = (config as Record<string, unknown>)[entry.grpc.addressEnv];
      if (typeof address !== 'string')
        throw new Error(`${caller} calls ${entry.name} but its config has no ${entry.grpc.addressEnv}`);
      for (const grpc of entry.grpc.services) {
        const service = grpcServiceName(entry, grpc);
        this.clients.set(
          `grpc-client:${service}`,
          new GrpcClient({
            protoFiles: entry.grpc.protoFiles,
            service,
            address,
            deadlineMs: config.GRPC_DEADLINE_MS,
          }),
        );
      }
    }
  }

  /** Tokens of every client `caller` gets (the same list the constructor builds). */
  static tokens(caller: ServiceName): string[] {
    return calleesOf(caller).flatMap((entry) =>
      entry.grpc.services.map((grpc) => `grpc-client:${grpcServiceName(entry, grpc)}`),
    );
  }

  /** Every client, for the shutdown tests. */
  all(): GrpcClient<unknown>[] {
    return [...this.clients.values()];
  }

  byToken(token: string): GrpcClient<unknown> {
    const client = this.clients.get(token);
    if (!client) throw new Error(`no gRPC client ${token}`);
    return client;
  }

  onModuleDestroy(): void {
    for (const client of this.clients.values()) client.close();
  }
}

/**
 * Providers for a service's module: `CatalogueClients` made from the platform's CONFIG (or `config` when
 * given) and each client under its token, for `@Inject(grpcClientToken(…))`. Export `catalogueClientExports(caller)`.
 */
export function catalogueClientProviders(
  caller: ServiceName,
  config?: CalleeConfig<ServiceName>,
): Provider[] {
  const tokens = CatalogueClients.tokens(caller);
  return [
    config
      ? { provide: CatalogueClients, useFactory: () => new CatalogueClients(caller, config) }
      : {
          provide: CatalogueClients,
          inject: [CONFIG],
          useFactory: (c: CalleeConfig<ServiceName>) => new CatalogueClients(caller, c),
        },
    ...tokens.map((token) => ({
      provide: token,
      inject: [CatalogueClients],
      useFactory: (clients: CatalogueClients) => clients.byToken(token),
    })),
  ];
}

/** What a module providing `catalogueClientProviders(caller)` exports. */
export function catalogueClientExports(caller: ServiceName): (string | typeof CatalogueClients)[] {
  return [CatalogueClients, ...CatalogueClients.tokens(caller)];
}
