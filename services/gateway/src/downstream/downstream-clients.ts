import type { CalleeEntry } from '@yiwang/contracts';
import { grpcClientToken, type CalleeGrpc } from '@yiwang/platform';

type Callee = CalleeEntry<'gateway'>['name'];

/** The Nest token of the client of one downstream gRPC service (its fully qualified name). */
export function downstreamClientToken<S extends Callee>(service: S, grpc: CalleeGrpc<'gateway', S>): string {
  return grpcClientToken('gateway', service, grpc);
}
