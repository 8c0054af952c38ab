import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { CONFIG, IdentityContext, toProblem, type Identity } from '@yiwang/platform';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import { TokenService } from '../auth/token.service.js';
import { ClientErrors } from '../clients/api-clients.errors.js';
import { ClientAuthenticator, clientIdentity } from '../clients/client-authenticator.js';
import { RateLimiter, rateLimitHeaders } from '../clients/rate-limiter.js';
import type { GatewayConfig } from '../gateway.config.js';
import { sendErrors, splitResource } from './open311.format.js';
import { checkJurisdiction } from './open311.requests.js';

const parseForm = urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });

/**
 * GeoReport clients send form posts and authenticate with `api_key` (query or form field). Here that is an
 * API client's key (`ywk_…`, as `X-API-Key` takes it) or, for callers holding one, an access token; a
 * bearer token or `X-API-Key` header works too. API clients get their rate limit, as everywhere else.
 * Anonymous callers get no identity, and routes that need one answer 401 in GeoReport format.
 */
@Injectable()
export class Open311AuthMiddleware implements NestMiddleware {
  constructor(
    private readonly tokens: TokenService,
    private readonly clients: ClientAuthenticator,
    private readonly limiter: RateLimiter,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    parseForm(request, response, (error?: unknown) => {
      if (error) return fail(request, response, error);
      try {
        // Every GeoReport call may name the jurisdiction; naming another than this one's is a 400.
        const fromBody = (request.body as Record<string, unknown> | undefined)?.jurisdiction_id;
        checkJurisdiction(request.query?.jurisdiction_id ?? fromBody, this.config.OPEN311_JURISDICTION_ID);
      } catch (problem) {
        return fail(request, response, problem);
      }
      const credential = credentialOf(request);
      if (!credential) return next();
      this.identify(request, credential).then(
        (identity) => IdentityContext.run(identity, () => next()),
        (failure: unknown) => fail(request, response, failure),
      );
    });
  }

  private async identify(request: Request, credential: Credential): Promise<Identity> {
    if (credential.kind === 'api_key') {
      const client = await this.clients.byApiKey(credential.value);
      await this.limit(request, client.id, client.ratePerSecond, client.rateBurst);
      return clientIdentity(client);
    }
    const identity = await this.tokens.verify(credential.value);
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

interface Credential {
  kind: 'api_key' | 'token';
  value: string;
}

function credentialOf(request: Request): Credential | null {
  const header = request.headers.authorization ?? '';
  const bearer = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/i.exec(header);
  if (bearer) return { kind: 'token', value: bearer[1] };
  const apiKeyHeader = request.headers['x-api-key'] ?? /^ApiKey (\S+)$/i.exec(header)?.[1];
  if (typeof apiKeyHeader === 'string') return { kind: 'api_key', value: apiKeyHeader };
  const fromQuery = request.query?.api_key;
  const fromBody = (request.body as Record<string, unknown> | undefined)?.api_key;
  const key = (
    typeof fromQuery === 'string' ? fromQuery : typeof fromBody === 'string' ? fromBody : ''
  ).trim();
  if (!key) return null;
  // API keys have their own shape; anything else given as api_key is tried as an access token.
  return { kind: key.startsWith('ywk_') ? 'api_key' : 'token', value: key };
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
