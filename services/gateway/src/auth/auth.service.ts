import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isRole, type Role, unitPathOf } from '@yiwang/contracts';
import { CONFIG, DomainError, logger } from '@yiwang/platform';
import type { ApiClientEntity } from '../clients/api-client.entity.js';
import type { GatewayConfig } from '../gateway.config.js';
import { AuthErrors } from './auth.errors.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { TokenService } from './token.service.js';
import type { UserEntity } from './user.entity.js';
import { UserRepository } from './user.repository.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  unitCode: string | null;
  departmentCode: string | null;
}

/** The built-in identity provider: password login with brute-force protection, rotating refresh tokens. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly tokens: TokenService,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async login(username: string, password: string, clientAddress: string): Promise<TokenResponse> {
    const userKey = `user:${username.toLowerCase()}`;
    const ipKey = `ip:${clientAddress}`;
    const locked = Math.max(await this.throttle.lockedFor(userKey), await this.throttle.lockedFor(ipKey));
    if (locked > 0) throw AuthErrors.locked(locked);
    const user = await this.users.findByUsername(username);
    const ok = await PasswordHasher.verify(user && !user.disabled ? user.passwordHash : null, password);
    if (!ok || !user) {
      const policy = {
        maxFailures: this.config.LOGIN_MAX_FAILURES,
        windowSeconds: this.config.LOGIN_LOCK_SECONDS,
        lockSeconds: this.config.LOGIN_LOCK_SECONDS,
      };
      await this.throttle.recordFailure(userKey, policy);
      await this.throttle.recordFailure(ipKey, { ...policy, maxFailures: policy.maxFailures * 4 });
      logger().warn({ username: username.slice(0, 64), clientAddress }, 'login failed');
      throw AuthErrors.invalidCredentials();
    }
    await this.throttle.reset(userKey);
    return this.issue(user);
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const consumed = await this.refreshTokens.consume(refreshToken);
    if (!consumed) throw AuthErrors.invalidRefreshToken();
    const user = await this.users.findById(consumed.userId);
    if (!user || user.disabled) throw AuthErrors.invalidRefreshToken();
    return this.issue(user, consumed.familyId);
  }

  async revoke(refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeFamilyOf(refreshToken);
  }

  async createUser(input: NewUser): Promise<UserEntity> {
    validateNewUser(input);
    const user = {
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName,
      passwordHash: await PasswordHasher.hash(input.password),
      roles: input.roles,
      unitCode: input.unitCode,
      departmentCode: input.departmentCode,
      disabled: false,
    };
    if (!(await this.users.insert(user))) throw AuthErrors.userExists(input.username);
    return { ...user, createdAt: new Date() };
  }

  /** Demo only: sets a new password on an existing user (the demo credentials file was lost). */
  async resetPassword(username: string, password: string): Promise<boolean> {
    const user = await this.users.findByUsername(username);
    if (!user) return false;
    await this.users.setPassword(user.id, await PasswordHasher.hash(password));
    return true;
  }

  /** RFC 6749 §4.4.3: a client gets an access token and no refresh token; it has its secret. */
  async issueClientToken(
    client: ApiClientEntity,
  ): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const access = await this.tokens.issueAccessToken(
      {
        id: client.id,
        username: `client:${client.id}`,
        displayName: client.name,
        roles: client.roles,
        unitCode: client.unitCode,
        departmentCode: client.departmentCode,
      },
      'client',
    );
    return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn };
  }

  private async issue(user: UserEntity, familyId?: string): Promise<TokenResponse> {
    const access = await this.tokens.issueAccessToken(user);
    const refresh = await this.refreshTokens.issue(user.id, this.config.AUTH_REFRESH_TTL_SECONDS, familyId);
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refresh,
    };
  }
}

function validateNewUser(input: NewUser): void {
  const details: { field: string; message: string }[] = [];
  if (!/^[a-z][a-z0-9._-]{2,63}$/.test(input.username)) {
    details.push({ field: 'username', message: '3–64 characters: lower-case letters, digits, . _ -' });
  }
  if (input.password.length < 12)
    details.push({ field: 'password', message: 'must be at least 12 characters' });
  if (input.roles.length === 0 || !input.roles.every(isRole))
    details.push({ field: 'roles', message: 'unknown role' });
  if (input.unitCode) {
    try {
      unitPathOf(input.unitCode);
    } catch {
      details.push({ field: 'unitCode', message: 'must be a division or grid code' });
    }
  } else if (!input.roles.includes('city_admin')) {
    details.push({ field: 'unitCode', message: 'every role but city_admin needs a unit' });
  }
  if (details.length > 0) throw DomainError.invalid('auth.invalid_user', 'The user is not valid', details);
}
