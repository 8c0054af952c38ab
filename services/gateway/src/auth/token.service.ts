import { Inject, Injectable } from '@nestjs/common';
import { isRole, permissionsOf, unitPathOf } from '@yiwang/contracts';
import { CONFIG, type Identity } from '@yiwang/platform';
import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';
import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from '../gateway.config.js';
import { AuthErrors } from './auth.errors.js';
import { SigningKeysService } from './signing-keys.service.js';
import type { UserEntity } from './user.entity.js';

/** The claims a built-in access token carries besides the registered ones. */
interface YiwangClaims extends JWTPayload {
  roles?: string[];
  unit?: string | null;
  dept?: string | null;
  name?: string;
  kind?: 'user' | 'client';
}

const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Issues the built-in provider's access tokens and verifies bearer tokens: the built-in ones against its
 * own keys, OIDC ones against the provider's JWKS. Only asymmetric algorithms are accepted, so
 * `alg: none` and HMAC-with-the-public-key tricks fail before any claim is read.
 */
@Injectable()
export class TokenService {
  private readonly oidcKeys: ReturnType<typeof createRemoteJWKSet> | undefined;
  /** Tokens verified recently, oldest first: at most VERIFIED_CACHE_SIZE. */
  private readonly verified = new Map<string, { identity: Identity; until: number }>();
  /** The local key set for the current JWKS: it keeps the imported keys, so no verify re-imports one. */
  private localKeys: { source: JWK[]; set: ReturnType<typeof createLocalJWKSet> } | undefined;

  constructor(
    private readonly keys: SigningKeysService,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    this.oidcKeys = config.OIDC_JWKS_URL ? createRemoteJWKSet(new URL(config.OIDC_JWKS_URL)) : undefined;
  }

  async issueAccessToken(
    user: Pick<UserEntity, 'id' | 'username' | 'displayName' | 'roles' | 'unitCode' | 'departmentCode'>,
    kind: 'user' | 'client' = 'user',
  ): Promise<{ token: string; expiresIn: number }> {
    const { kid, privateKey } = await this.keys.signingKey();
    const expiresIn = this.config.AUTH_ACCESS_TTL_SECONDS;
    const token = await new SignJWT({
      roles: user.roles,
      unit: user.unitCode,
      dept: user.departmentCode,
      name: user.displayName,
      preferred_username: user.username,
      kind,
    } satisfies YiwangClaims)
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setIssuer(this.config.AUTH_ISSUER)
      .setAudience(this.config.AUTH_AUDIENCE)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .setJti(randomUUID())
      .sign(privateKey);
    return { token, expiresIn };
  }

  /**
   * Verifies a bearer token and turns its claims into the identity the services see. A token verified in
   * the last minute (the JWKS reload interval) and not yet expired is answered from memory: the signature
   * check is most of an API call's CPU, and clients send the same token for many calls.
   */
  async verify(token: string): Promise<Identity> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known && known.until > now) return known.identity;
    const identity = await this.verifyNow(token);
    const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as JWTPayload)
      .exp;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { identity, until: Math.min(now + 60_000, (exp ?? 0) * 1000) });
    return identity;
  }

  private async verifyNow(token: string): Promise<Identity> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw AuthErrors.invalidToken('not a JWS');
    }
    try {
      const payload = await this.verifyWithIssuer(token, header.kid);
      return this.identityOf(payload);
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw AuthErrors.invalidToken('expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed)
        throw AuthErrors.invalidToken(`claim ${error.claim} is wrong`);
      if (error instanceof joseErrors.JOSEAlgNotAllowed)
        throw AuthErrors.invalidToken('algorithm not allowed');
      if (error instanceof joseErrors.JWSSignatureVerificationFailed)
        throw AuthErrors.invalidToken('bad signature');
      if (error instanceof joseErrors.JWKSNoMatchingKey) throw AuthErrors.invalidToken('unknown signing key');
      if (error instanceof joseErrors.JOSEError) throw AuthErrors.invalidToken(error.code);
      throw error;
    }
  }

  private async verifyWithIssuer(token: string, kid: string | undefined): Promise<YiwangClaims> {
    const unverified = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}',
    ) as JWTPayload;
    if (this.oidcKeys && unverified.iss === this.config.OIDC_ISSUER) {
      const { payload } = await jwtVerify(token, this.oidcKeys, {
        issuer: this.config.OIDC_ISSUER,
        audience: this.config.OIDC_AUDIENCE,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
      });
      return payload;
    }
    const { keys } = await this.keys.jwks(kid);
    if (this.localKeys?.source !== keys) this.localKeys = { source: keys, set: createLocalJWKSet({ keys }) };
    const { payload } = await jwtVerify(token, this.localKeys.set, {
      issuer: this.config.AUTH_ISSUER,
      audience: this.config.AUTH_AUDIENCE,
      algorithms: ['ES256'],
    });
    return payload;
  }

  private identityOf(claims: YiwangClaims): Identity {
    const rolesClaim = this.config.OIDC_ROLES_CLAIM.split('.').reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key],
      claims,
    );
    const roles = (Array.isArray(claims.roles) ? claims.roles : Array.isArray(rolesClaim) ? rolesClaim : [])
      .map(String)
      .filter(isRole);
    const unit =
      typeof claims.unit === 'string'
        ? claims.unit
        : typeof claims[this.config.OIDC_UNIT_CLAIM] === 'string'
          ? String(claims[this.config.OIDC_UNIT_CLAIM])
          : null;
    let scopePath: string | null = null;
    if (unit) {
      try {
        scopePath = unitPathOf(unit).join('.');
      } catch {
        throw AuthErrors.invalidToken('the unit claim is not a division or grid code');
      }
    }
    return {
      subject: String(claims.sub),
      roles,
      permissions: permissionsOf(roles),
      scopePath,
      department: typeof claims.dept === 'string' ? claims.dept : null,
      kind: claims.kind === 'client' ? 'client' : 'user',
    };
  }
}
