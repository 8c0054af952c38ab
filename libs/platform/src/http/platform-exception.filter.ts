import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { Request, Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import { isDomainError } from '../errors/domain-error.js';
import { transientUnavailable } from '../errors/transient-errors.js';
import { toGrpcError } from '../grpc/grpc-errors.js';
import { logger } from '../logging/logger.js';
import { PROBLEM_CONTENT_TYPE, problemHeaders, toProblem } from './problem.js';

/** The one place each transport maps errors: problem+json over HTTP, a real status code over gRPC. */
@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') {
      if (transientUnavailable(exception))
        logger().warn({ err: exception }, 'gRPC call refused: a dependency is unavailable');
      else if (!isDomainError(exception))
        logger().error({ err: exception }, 'unhandled error in gRPC handler');
      return throwError(() => toGrpcError(exception));
    }
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblem(exception, request?.originalUrl);
    if (problem.status === 503)
      logger().warn({ err: exception, path: request?.originalUrl }, 'request refused: unavailable');
    else if (problem.status >= 500)
      logger().error({ err: exception, path: request?.originalUrl }, 'request failed');
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    if (response.headersSent) return;
    response
      .status(problem.status)
      .set(problemHeaders(problem))
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(traceId ? { ...problem, traceId } : problem));
  }
}
