import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { CONFIG, DomainError, logger, type ErrorDetail } from '@yiwang/platform';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import type { GatewayConfig } from '../gateway.config.js';
import { apiRouteOf, type ApiRouteSpec } from './api-route.decorator.js';

/**
 * Holds each answer to the response schema its route documents (strict objects: an undocumented property such
 * as an internal `_location` is a mismatch). The document is then true of every answer the tests see.
 */
@Injectable()
export class ResponseContractInterceptor implements NestInterceptor {
  private readonly mode: GatewayConfig['API_RESPONSE_CHECK'];

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.mode = config.API_RESPONSE_CHECK;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.mode === 'off' || context.getType() !== 'http') return next.handle();
    const spec = apiRouteOf(context.getHandler());
    if (!spec || spec.writesResponse) return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      map((value: unknown) => {
        const problems = mismatches(spec, value);
        if (problems.length > 0)
          this.report(`${request.method} ${request.route?.path ?? request.path}`, problems);
        return value;
      }),
    );
  }

  private report(route: string, problems: ErrorDetail[]): void {
    logger().error({ route, problems }, 'answer does not match the response schema its route documents');
    if (this.mode === 'enforce')
      throw new DomainError(
        'internal',
        'response.contract_violation',
        `The answer of ${route} does not match its documented response schema`,
        problems,
      );
  }
}

export function mismatches(spec: ApiRouteSpec, value: unknown): ErrorDetail[] {
  if (spec.response === null)
    return value === undefined ? [] : [{ field: 'response', message: 'a 204 route returned a body' }];
  const result = spec.response.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    field: ['response', ...issue.path.map(String)].join('.'),
    message: issue.code === 'unrecognized_keys' ? `undocumented ${issue.keys.join(', ')}` : issue.message,
  }));
}
