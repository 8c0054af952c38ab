import { Catch, type ArgumentsHost } from '@nestjs/common';
import {
  PROBLEM_CONTENT_TYPE,
  PlatformExceptionFilter,
  isDomainError,
  problemHeaders,
  toProblem,
} from '@yiwang/platform';
import type { Request, Response } from 'express';

/**
 * The token endpoint's errors: problem+json as everywhere, never cached; a client-credentials request's
 * refusals (its body's validation included) also carry RFC 6749 §5.2 `error` / `error_description`, so
 * OAuth2 libraries understand them.
 */
@Catch()
export class TokenProblemFilter extends PlatformExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('Cache-Control', 'no-store');
    const grant = (request.body as { grant_type?: unknown } | undefined)?.grant_type;
    if (grant !== 'client_credentials' || !isDomainError(exception) || response.headersSent) {
      super.catch(exception, host);
      return;
    }
    const problem = toProblem(exception, request.originalUrl);
    const error = problem.status === 401 ? 'invalid_client' : 'invalid_request';
    if (error === 'invalid_client') response.setHeader('WWW-Authenticate', 'Basic realm="yiwang"');
    response
      .status(problem.status)
      .set(problemHeaders(problem))
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem, error, error_description: problem.detail }));
  }
}
