import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import {
  IdentityContext,
  PROBLEM_CONTENT_TYPE,
  problemHeaders,
  toProblem,
  type Identity,
} from '@yiwang/platform';
import { ClientErrors } from '../clients/api-clients.errors.js';
import { ClientAuthenticator, clientIdentity } from '../clients/client-authenticator.js';
import { RateLimiter, rateLimitHeaders } from '../clients/rate-limiter.js';
import { AuthErrors } from './auth.errors.js';
import { TokenService } from './token.service.js';

/** Paths anyone may call. Everything else needs a valid bearer token or API key (deny by default). */
const PUBLIC = [
  /^\/health(\/|$)/,
  /^\/metrics$/,
  /^\/api\/v1\/auth\/(token|revoke)$/,
  /^\/\.well-known\/jwks\.json$/,
  /^\/api\/openapi\.json$/,
  /^\/api\/docs(\/|$)/,
  // Open311 authenticates in its own middleware (api_key or bearer) and answers in GeoReport format.
  /^\/open311\/v2\//,
  /^\/open311\/discovery\.[a-z]+$/,
  /^\/api\/v1\/ui\/config$/,
];

/** EventSource cannot set headers: only the event stream takes its token from `?access_token=`. */
const QUERY_TOKEN_PATH = '/api/v1/stream';
const TOKEN_CHARS = /^[A-Za-z0-9_.~+/=-]+$/;

export function isPublicPath(path: string): boolean {
  return PUBLIC.some((pattern) => pattern.test(path));
}

/**
 * Authenticates the caller (bearer token, API key, or the stream's query token), applies an API client's
 * rate limit, and runs the rest of the request as its identity.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(
    private readonly tokens: TokenService,
    private readonly clients: ClientAuthenticator,
    private readonly limiter: RateLimiter,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    // Mounted by Nest under a route pattern, so `request.path` is relative: match the whole path.
    const path = pathOf(request);
    if (isPublicPath(path)) return next();
    this.authenticate(request, path).then(
      (identity) => IdentityContext.run(identity, () => next()),
      (error: unknown) => reject(response, request, error),
    );
  }

  private async authenticate(request: Request, path: string): Promise<Identity> {
    const header = request.headers.authorization ?? '';
    const apiKey = headerValue(request.headers['x-api-key']) ?? /^ApiKey (\S+)$/i.exec(header)?.[1];
    if (apiKey !== undefined) {
      const client = await this.clients.byApiKey(apiKey);
      await this.limit(request, client.id, client.ratePerSecond, client.rateBurst);
      return clientIdentity(client);
    }
    let token = /^Bearer (\S+)$/i.exec(header)?.[1];
    if (token === undefined && path === QUERY_TOKEN_PATH && request.method === 'GET') {
      const fromQuery = request.query.access_token;
      if (typeof fromQuery === 'string') token = fromQuery;
    }
    if (token === undefined) throw AuthErrors.missingToken();
    if (!TOKEN_CHARS.test(token)) throw AuthErrors.invalidToken('not a JWS');
    const identity = await this.tokens.verify(token);
    if (identity.kind === 'client') {
      const client = await this.clients.active(identity.subject);
      await this.limit(request, client.id, client.ratePerSecond, client.rateBurst);
    }
    return identity;
  }

  private async limit(request: Request, clientId: string, rate: number, burst: number): Promise<void> {
    const result = await this.limiter.take(`client:${clientId}`, rate, burst);
    request.res?.set(rateLimitHeaders(result));
    if (!result.allowed) throw ClientErrors.rateLimited(result.retryAfterSeconds);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function pathOf(request: Request): string {
  return (request.originalUrl ?? request.url).split('?')[0];
}

function reject(response: Response, request: Request, error: unknown): void {
  // The path only: the stream's query may carry an access token.
  const problem = toProblem(error, pathOf(request));
  response.setHeader(
    'WWW-Authenticate',
    `Bearer realm="yiwang"${problem.status === 401 ? ', error="invalid_token"' : ''}`,
  );
  response
    .status(problem.status)
    .set(problemHeaders(problem))
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}
