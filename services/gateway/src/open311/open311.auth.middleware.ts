import { Injectable, type NestMiddleware } from '@nestjs/common';
import { IdentityContext, toProblem } from '@yiwang/platform';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import { TokenService } from '../auth/token.service.js';
import { sendErrors, splitResource } from './open311.format.js';

const parseForm = urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });

/**
 * GeoReport clients send form posts and authenticate with `api_key` (query or form field) or a bearer
 * token. The api_key carries an access token issued by this gateway (e.g. to a departmental system's
 * client); anonymous callers get no identity, and routes that need one answer 401 in GeoReport format.
 */
@Injectable()
export class Open311AuthMiddleware implements NestMiddleware {
  constructor(private readonly tokens: TokenService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    parseForm(request, response, (error?: unknown) => {
      if (error) return fail(request, response, error);
      const token = credentialOf(request);
      if (!token) return next();
      this.tokens.verify(token).then(
        (identity) => IdentityContext.run(identity, () => next()),
        (failure: unknown) => fail(request, response, failure),
      );
    });
  }
}

function credentialOf(request: Request): string | null {
  const bearer = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/i.exec(request.headers.authorization ?? '');
  if (bearer) return bearer[1];
  const fromQuery = request.query?.api_key;
  const fromBody = (request.body as Record<string, unknown> | undefined)?.api_key;
  const key = typeof fromQuery === 'string' ? fromQuery : typeof fromBody === 'string' ? fromBody : '';
  return key.trim() || null;
}

export function formatOfRequest(request: Request): 'json' | 'xml' {
  const last = (request.originalUrl ?? request.url).split('?')[0].split('/').pop() ?? '';
  return splitResource(last)?.format ?? 'json';
}

function fail(request: Request, response: Response, error: unknown): void {
  const problem = toProblem(error, request.originalUrl);
  if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="yiwang"');
  sendErrors(response, formatOfRequest(request), problem.status, [
    { code: problem.status, description: problem.detail },
  ]);
}
