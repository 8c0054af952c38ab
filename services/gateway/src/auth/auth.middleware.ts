import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { IdentityContext, PROBLEM_CONTENT_TYPE, toProblem } from '@yiwang/platform';
import { AuthErrors } from './auth.errors.js';
import { TokenService } from './token.service.js';

/** Paths anyone may call. Everything else needs a valid bearer token (deny by default). */
const PUBLIC = [
  /^\/health(\/|$)/,
  /^\/metrics$/,
  /^\/api\/v1\/auth\/(token|revoke)$/,
  /^\/\.well-known\/jwks\.json$/,
  /^\/api\/openapi\.json$/,
  /^\/api\/docs(\/|$)/,
  /^\/api\/v1\/ui\/config$/,
];

export function isPublicPath(path: string): boolean {
  return PUBLIC.some((pattern) => pattern.test(path));
}

/** Authenticates the bearer token and runs the rest of the request as its identity. */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(private readonly tokens: TokenService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    // Mounted by Nest under a route pattern, so `request.path` is relative: match the whole path.
    if (isPublicPath(pathOf(request))) return next();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/i.exec(header);
    if (!match) return reject(response, request, AuthErrors.missingToken());
    this.tokens.verify(match[1]).then(
      (identity) => IdentityContext.run(identity, () => next()),
      (error: unknown) => reject(response, request, error),
    );
  }
}

export function pathOf(request: Request): string {
  return (request.originalUrl ?? request.url).split('?')[0];
}

function reject(response: Response, request: Request, error: unknown): void {
  const problem = toProblem(error, request.originalUrl);
  response
    .status(problem.status)
    .setHeader(
      'WWW-Authenticate',
      `Bearer realm="yiwang"${problem.status === 401 ? ', error="invalid_token"' : ''}`,
    )
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}
