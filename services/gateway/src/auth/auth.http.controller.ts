import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { IdentityContext, type Identity } from '@yiwang/platform';
import type { Request } from 'express';
import { z } from 'zod';
import { parseRequest } from '../http-validation.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { AuthService, type TokenResponse } from './auth.service.js';
import { AUTHENTICATED, PublicRoute, RequirePermission } from './permission.guard.js';
import { SigningKeysService } from './signing-keys.service.js';

const tokenRequest = z.union([
  z
    .object({
      grant_type: z.literal('password').optional(),
      username: z.string().min(1).max(64),
      password: z.string().min(1).max(256),
    })
    .strict(),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(20).max(200) }).strict(),
]);

const revokeRequest = z.object({ refresh_token: z.string().min(20).max(200) }).strict();

@Controller()
export class AuthHttpController {
  constructor(
    private readonly auth: AuthService,
    private readonly keys: SigningKeysService,
  ) {}

  /** Password login (`{"username","password"}`) or refresh (`grant_type=refresh_token`). */
  @Post('api/v1/auth/token')
  @PublicRoute()
  @HttpCode(200)
  @ApiDoc({
    tag: 'auth',
    summary: 'Log in with a password, or refresh (grant_type=refresh_token)',
    body: tokenRequest,
    public: true,
    errors: [401, 429],
  })
  async token(@Body() body: unknown, @Req() request: Request): Promise<TokenResponse> {
    const input = parseRequest(tokenRequest, body, 'body');
    if ('refresh_token' in input) return this.auth.refresh(input.refresh_token);
    return this.auth.login(input.username, input.password, request.ip ?? 'unknown');
  }

  @Post('api/v1/auth/revoke')
  @PublicRoute()
  @HttpCode(204)
  @ApiDoc({
    tag: 'auth',
    summary: 'Revoke a refresh token and its family',
    body: revokeRequest,
    public: true,
    status: 204,
  })
  async revoke(@Body() body: unknown): Promise<void> {
    await this.auth.revoke(parseRequest(revokeRequest, body, 'body').refresh_token);
  }

  @Get('api/v1/auth/me')
  @RequirePermission(AUTHENTICATED)
  @ApiDoc({ tag: 'auth', summary: 'The caller’s identity, permissions and data scope' })
  me(): Identity | null {
    return IdentityContext.current();
  }

  /** The built-in provider's public keys, for anyone who verifies its tokens. */
  @Get('.well-known/jwks.json')
  @PublicRoute()
  jwks(): Promise<{ keys: unknown[] }> {
    return this.keys.jwks();
  }
}
