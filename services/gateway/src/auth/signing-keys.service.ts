import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { SigningKeyRepository } from './signing-key.repository.js';

interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * The built-in identity provider's ES256 keys, kept in the gateway's schema so every replica signs and
 * verifies with the same ones. The first replica to start makes one.
 */
@Injectable()
export class SigningKeysService {
  private active: ActiveKey | undefined;
  private publicKeys: JWK[] = [];
  private loadedAt = 0;

  constructor(private readonly keys: SigningKeyRepository) {}

  async signingKey(): Promise<ActiveKey> {
    if (!this.active) await this.load();
    return this.active!;
  }

  /** Public keys (JWKS) — reloaded at most every 60 s, or at once for an unknown kid. */
  async jwks(unknownKid?: string): Promise<{ keys: JWK[] }> {
    const stale = Date.now() - this.loadedAt > 60_000;
    if (stale || (unknownKid && !this.publicKeys.some((k) => k.kid === unknownKid))) await this.load();
    return { keys: this.publicKeys };
  }

  private async load(): Promise<void> {
    let rows = await this.keys.current();
    if (rows.length === 0) {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const kid = randomUUID();
      await this.keys.insert({
        kid,
        privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
      });
      rows = await this.keys.current();
    }
    const newest = rows[0];
    this.active = {
      kid: newest.kid,
      privateKey: (await importJWK(newest.privateJwk as JWK, 'ES256')) as CryptoKey,
    };
    this.publicKeys = rows.map((r) => r.publicJwk as JWK);
    this.loadedAt = Date.now();
  }
}
