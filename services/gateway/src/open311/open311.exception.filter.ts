import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { logger, problemHeaders, toProblem } from '@yiwang/platform';
import type { Request, Response } from 'express';
import { formatOfRequest } from './open311.auth.middleware.js';
import { sendErrors } from './open311.format.js';

/**
 * GeoReport's error document instead of problem+json: `[{code, description}]` in JSON, `<errors>` in XML,
 * with the HTTP status as the code. Field problems are spelled out in the description, named as GeoReport
 * names them (`service_code`, not `body.service_code`).
 */
@Catch()
export class Open311ExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblem(exception, request.originalUrl);
    if (problem.status >= 500)
      logger().error({ err: exception, path: request.originalUrl }, 'open311 failed');
    if (response.headersSent) return;
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="yiwang"');
    response.set(problemHeaders(problem));
    const errors = problem.errors?.length
      ? problem.errors.map((e) => ({
          code: problem.status,
          description: e.field ? `${georeportField(e.field)}: ${e.message}` : e.message,
        }))
      : [{ code: problem.status, description: problem.detail }];
    sendErrors(response, formatOfRequest(request), problem.status, errors);
  }
}

/** GeoReport names a field by itself (`service_code`), not by the part of the request it came in (`body.`). */
function georeportField(field: string): string {
  return field.replace(/^(body|query|path|header)\./, '');
}
