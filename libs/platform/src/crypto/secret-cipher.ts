import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Configuration and token errors. Messages never include keys or plaintext. */
export class SecretCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretCipherError';
  }
}

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The shape of a key-ring setting, for zod configs: `id:base64(32 bytes)[,id:base64…]`. */
export const KEY_RING_PATTERN =
  /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+)*$/;

/**
 * AES-256-GCM for secrets the platform must read back (webhook signing secrets), under a key ring so keys
 * can be replaced: new tokens use the active key, old ones decrypt while their key stays in the ring.
 * Token: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id and the caller's context (e.g.
 * the row's id) are bound as additional authenticated data, so a token copied to another row, or given
 * another key id, fails to decrypt.
 */
export class SecretCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: Readonly<Record<string, Buffer>>,
    readonly activeKeyId: string,
  ) {
    const entries = Object.entries(keys);
    if (entries.length === 0) throw new SecretCipherError('the key ring has no keys');
    for (const [id, key] of entries) {
      if (!KEY_ID.test(id)) throw new SecretCipherError('key ids are 1-32 of A-Z, a-z, 0-9, _ or -');
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES)
        throw new SecretCipherError(`key "${id}" must be ${KEY_BYTES} bytes`);
    }
    if (!Object.hasOwn(keys, activeKeyId))
      throw new SecretCipherError(`the active key id is not in the key ring`);
    this.keys = new Map(entries.map(([id, key]) => [id, Buffer.from(key)]));
  }

  /** From settings: `id:<base64>` entries separated by commas, and the id new tokens are written under. */
  static fromConfig(spec: string, activeKeyId: string): SecretCipher {
    const keys: Record<string, Buffer> = {};
    for (const entry of spec
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const colon = entry.indexOf(':');
      const id = entry.slice(0, colon);
      const value = entry.slice(colon + 1);
      if (colon < 0 || !KEY_ID.test(id)) throw new SecretCipherError('key ring entries are id:<base64>');
      if (Object.hasOwn(keys, id)) throw new SecretCipherError(`key id "${id}" appears more than once`);
      if (!BASE64.test(value)) throw new SecretCipherError(`key "${id}" is not base64`);
      keys[id] = Buffer.from(value, 'base64');
    }
    return new SecretCipher(keys, activeKeyId.trim());
  }

  encrypt(plain: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(aad(this.activeKeyId, context));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.activeKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(token: string, context = ''): string {
    const parts = token.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION || !parts.slice(2).every((p) => BASE64URL.test(p)))
      throw new SecretCipherError('not a v1 secret token');
    const [, keyId, iv, tag, ciphertext] = parts;
    const key = this.keys.get(keyId);
    if (!key)
      throw new SecretCipherError(`the token's key "${KEY_ID.test(keyId) ? keyId : '?'}" is not in the ring`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aad(keyId, context));
    try {
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretCipherError('the token failed authentication (tampered, another row, or wrong key)');
    }
  }

  /** Whether a stored value is a token of this format (and not, say, a secret still in the clear). */
  static isToken(value: string): boolean {
    return value.startsWith(`${VERSION}.`) && value.split('.').length === 5;
  }
}

function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`${keyId}\u0000${context}`, 'utf8');
}
