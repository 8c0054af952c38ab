import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, PlatformExceptionFilter, isDomainError, toProblem } from '@yiwang/platform';
import type { Observable } from 'rxjs';

/**
 * An action not allowed in the case's state answers 409 problem+json with the actions that are
 * (`allowedActions`); everything else goes to the platform's mapping.
 */
@Catch()
export class CaseProblemFilter extends PlatformExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (
      host.getType() === 'http' &&
      isDomainError(exception) &&
      exception.code === 'case.action_not_allowed'
    ) {
      const http = host.switchToHttp();
      const request = http.getRequest<Request>();
      const response = http.getResponse<Response>();
      const { errors: _errors, ...problem } = toProblem(exception, request.originalUrl);
      const allowedActions = exception.details.map((d) => d.message);
      response
        .status(409)
        .type(PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify({ ...problem, allowedActions }));
      return;
    }
    return super.catch(exception, host);
  }
}
