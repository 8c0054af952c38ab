import { join } from 'node:path';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { PROTO_ROOT } from '@yiwang/contracts';
import { Observable } from 'rxjs';
import { IDENTITY_HEADER, IdentityContext, decodeIdentity } from '../context/identity.js';
import { grpcCalls, grpcDuration } from '../metrics/metrics.js';
import { applyTextPolicy } from '../text/text-policy.js';
import { toGrpcError } from './grpc-errors.js';
import { protoLoaderOptions } from './grpc-client.js';

export interface GrpcServerSpec {
  package: string;
  /** Paths relative to the contracts' proto root. */
  protoFiles: readonly string[];
  port: number;
}

export function grpcServerOptions(spec: GrpcServerSpec): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      package: spec.package,
      protoPath: spec.protoFiles.map((file) => join(PROTO_ROOT, file)),
      url: `0.0.0.0:${spec.port}`,
      loader: protoLoaderOptions,
      // Registry imports send CSV files of up to 64 MiB in one message; the gRPC default is 4 MiB.
      maxReceiveMessageLength: 80 * 1024 * 1024,
    },
  };
}

/**
 * Runs each gRPC handler as the forwarded identity and records call metrics. Every request message goes
 * through the text policy first, so a service refuses bad text whoever calls it (INVALID_ARGUMENT with
 * `validation.text` and the field's path).
 */
@Injectable()
export class GrpcContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const metadata = context.switchToRpc().getContext<Metadata>();
    const identity = decodeIdentity(String(metadata?.get?.(IDENTITY_HEADER)?.[0] ?? ''));
    const method = `${context.getClass().name}/${context.getHandler().name}`;
    const end = grpcDuration.startTimer({ side: 'server', method });
    const record = (code: number) => {
      end();
      grpcCalls.inc({ side: 'server', method, code });
    };
    return new Observable((subscriber) =>
      IdentityContext.run(identity, () => {
        try {
          applyTextPolicy(context.switchToRpc().getData(), 'request');
        } catch (error) {
          record(toGrpcError(error).code);
          subscriber.error(error);
          return;
        }
        return next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error) => {
            record(toGrpcError(error).code);
            subscriber.error(error);
          },
          complete: () => {
            record(0);
            subscriber.complete();
          },
        });
      }),
    );
  }
}
