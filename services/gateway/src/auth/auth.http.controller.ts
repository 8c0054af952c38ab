import { Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { PERMISSIONS, isPermission } from '@yiwang/contracts';
import { DomainError, IdentityContext } from '@yiwang/platform';
import type { Request, Response } from 'express';
import { ClientAuthenticator } from '../clients/client-authenticator.js';
import { z } from 'zod';
import { ApiRoute, ValidBody, named } from '../openapi/api-route.decorator.js';
import { AuthErrors } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { AUTHENTICATED, PublicRoute, RequirePermission } from './permission.guard.js';
import { SigningKeysService } from './signing-keys.service.js';
import { TokenProblemFilter } from './token-problem.filter.js';

/**
 * The token endpoint's body, JSON or form-encoded, one schema for validation and the document: password
 * login (`grant_type` may be left out), refresh, or a departmental system's client-credentials grant
 * (RFC 6749 §4.4: the credentials in the body or in HTTP Basic). `grant_type` picks the variant, so a
 * failure names the fields of that variant (`body.password`).
 */
const tokenRequest = z.discriminatedUnion('grant_type', [
  z
    .object({
      grant_type: z.literal('password').optional(),
      username: z.string().min(1).max(64),
      password: z.string().min(1).max(256),
    })
    .strict(),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(20).max(200) }).strict(),
  z
    .object({
      grant_type: z.literal('client_credentials'),
      client_id: z.string().uuid().optional(),
      client_secret: z.string().min(1).max(200).optional(),
      scope: z.string().max(200).optional(),
    })
    .strict(),
]);
type TokenRequest = z.output<typeof tokenRequest>;
type ClientCredentialsRequest = Extract<TokenRequest, { grant_type: 'client_credentials' }>;

const revokeRequest = z.object({ refresh_token: z.string().min(20).max(200) }).strict();

const tokenResponse = named(
  'TokenResponse',
  z.strictObject({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().describe('Seconds the access token is valid'),
    refresh_token: z.string().optional().describe('Not for client credentials'),
  }),
);
const identity = named(
  'Identity',
  z.strictObject({
    subject: z.string(),
    roles: z.array(z.string()),
    permissions: z.array(z.enum(PERMISSIONS)),
    scopePath: z
      .string()
      .nullable()
      .describe('The materialized path of the caller’s unit, e.g. 44.4401.440106'),
    department: z.string().nullable(),
    kind: z.enum(['user', 'client', 'service']),
  }),
);

@Controller()
export class AuthHttpController {
  constructor(
    private readonly auth: AuthService,
    private readonly keys: SigningKeysService,
    private readonly clients: ClientAuthenticator,
  ) {}

  /**
   * Password login (`{"username","password"}`), refresh (`grant_type=refresh_token`), or a departmental
   * system's client-credentials grant (answers OAuth2 errors inside problem+json).
   */
  @Post('api/v1/auth/token')
  @PublicRoute()
  @HttpCode(200)
  @UseFilters(TokenProblemFilter)
  @ApiRoute({
    tag: 'auth',
    summary: 'Log in with a password, refresh, or client credentials (JSON or form-encoded)',
    body: tokenRequest,
    response: tokenResponse,
    public: true,
    errors: [401, 429],
  })
  async token(
    @ValidBody() body: TokenRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    response.setHeader('Cache-Control', 'no-store');
    switch (body.grant_type) {
      case 'client_credentials':
        return this.clientCredentials(body, request);
      case 'refresh_token':
        return this.auth.refresh(body.refresh_token);
      default:
        return this.auth.login(body.username, body.password, request.ip ?? 'unknown');
    }
  }

  private async clientCredentials(body: ClientCredentialsRequest, request: Request) {
    const basic = basicCredentials(request.headers.authorization);
    const clientId = basic?.id ?? body.client_id;
    const secret = basic?.secret ?? body.client_secret;
    if (!clientId || !secret) throw missingCredentials();
    const client = await this.clients.bySecret(clientId, secret);
    return this.auth.issueClientToken(client);
  }

  @Post('api/v1/auth/revoke')
  @PublicRoute()
  @HttpCode(204)
  @ApiRoute({
    tag: 'auth',
    summary: 'Revoke a refresh token and its family',
    body: revokeRequest,
    response: null,
    public: true,
    status: 204,
  })
  async revoke(@ValidBody() body: z.output<typeof revokeRequest>): Promise<void> {
    await this.auth.revoke(body.refresh_token);
  }

  @Get('api/v1/auth/me')
  @RequirePermission(AUTHENTICATED)
  @ApiRoute({ tag: 'auth', summary: 'The caller’s identity, permissions and data scope', response: identity })
  me() {
    const current = IdentityContext.current();
    if (!current) throw AuthErrors.missingToken();
    return { ...current, permissions: current.permissions.filter(isPermission) };
  }

  /** The built-in provider's public keys, for anyone who verifies its tokens. */
  @Get('.well-known/jwks.json')
  @PublicRoute()
  jwks(): Promise<{ keys: unknown[] }> {
    return this.keys.jwks();
  }
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function missingCredentials(): DomainError {
  return DomainError.invalid('request.invalid', 'The request is not valid', [
    { field: 'body.client_secret', message: 'client_id and client_secret are required' },
  ]);
}
