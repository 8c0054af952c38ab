import type { GrpcServiceEntry } from '@yiwang/contracts';
import type { z } from 'zod';
import { env } from './define-config.js';

type Address = z.ZodDefault<z.ZodString>;

/**
 * The `<NAME>_GRPC_ADDR` settings of the gRPC services a service calls (its `calls` in the service
 * catalogue), each defaulting to the callee's port on this machine, as `npm start` runs them.
 */
export function grpcAddressSettings<E extends GrpcServiceEntry>(
  callees: readonly E[],
): { [K in E['grpc']['addressEnv']]: Address } {
  return Object.fromEntries(
    callees.map((s) => [s.grpc.addressEnv, env.address().default(`127.0.0.1:${s.grpc.port}`)]),
  ) as { [K in E['grpc']['addressEnv']]: Address };
}
