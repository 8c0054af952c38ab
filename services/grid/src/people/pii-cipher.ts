import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { normalizeMobileInput } from './phone.js';

/** Keys for personal data at rest. Key ids travel in every token, so old keys stay until re-encrypted. */
export interface PiiKeyRing {
  /** AES-256 keys (32 bytes each) by id; ids are 1–32 of `A-Z a-z 0-9 _ -`. */
  readonly keys: Readonly<Record<string, Buffer>>;
  /** The key new tokens are written under. */
  readonly activeKeyId: string;
  /** HMAC-SHA256 key (at least 32 bytes) for lookup hashes; separate from the encryption keys. */
  readonly hmacKey: Buffer;
}

export type LookupKind = 'id' | 'phone';

/** Configuration and token errors. Messages name the problem and never include keys or plaintext. */
export class PiiCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiCipherError';
  }
}

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
// Standard or URL-safe alphabet, padding optional: Node decodes both, and the length check catches the rest.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const KEY_BYTES = 32;
const MIN_HMAC_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for personal data at rest (ID and phone numbers) plus keyed lookup hashes, so equal
 * values can be found and de-duplicated without decrypting. Token: `v1.<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url parts); the key id is bound as additional authenticated data, so swapping it fails.
 */
export class PiiCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly hmacKey: Buffer;
  readonly activeKeyId: string;

  constructor(ring: PiiKeyRing) {
    const entries = Object.entries(ring.keys);
    if (entries.length === 0) throw new PiiCipherError('PII key ring has no encryption keys');
    for (const [id, key] of entries) {
      if (!KEY_ID.test(id)) {
        throw new PiiCipherError('PII key id must be 1-32 characters of A-Z, a-z, 0-9, _ or -');
      }
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
        throw new PiiCipherError(`PII key "${id}" must be ${KEY_BYTES} bytes, got ${byteLength(key)}`);
      }
    }
    if (!entries.some(([id]) => id === ring.activeKeyId)) {
      throw new PiiCipherError(`PII active key id "${safeId(ring.activeKeyId)}" is not in the key ring`);
    }
    if (!Buffer.isBuffer(ring.hmacKey) || ring.hmacKey.length < MIN_HMAC_KEY_BYTES) {
      throw new PiiCipherError(
        `PII HMAC key must be at least ${MIN_HMAC_KEY_BYTES} bytes, got ${byteLength(ring.hmacKey)}`,
      );
    }
    // Reusing an encryption key for hashing would tie two purposes to one secret.
    for (const [id, key] of entries) {
      if (key.length === ring.hmacKey.length && timingSafeEqual(key, ring.hmacKey)) {
        throw new PiiCipherError(`PII HMAC key must differ from encryption key "${id}"`);
      }
    }
    // Copies, so later changes to the caller's buffers cannot change the ring.
    this.keys = new Map(entries.map(([id, key]) => [id, Buffer.from(key)]));
    this.hmacKey = Buffer.from(ring.hmacKey);
    this.activeKeyId = ring.activeKeyId;
  }

  /**
   * From configuration strings: `keysSpec` is `id:<base64>` entries separated by commas
   * (e.g. `k2026a:…,k2025b:…`), `hmacKeyBase64` a key of at least 32 bytes. Standard and URL-safe
   * base64 are both accepted.
   */
  static fromConfig(keysSpec: string, activeKeyId: string, hmacKeyBase64: string): PiiCipher {
    const keys: Record<string, Buffer> = {};
    const entries = (keysSpec ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    if (entries.length === 0) throw new PiiCipherError('PII keys spec is empty: expected "id:<base64>,…"');
    entries.forEach((entry, index) => {
      const colon = entry.indexOf(':');
      if (colon < 0) {
        throw new PiiCipherError(`PII keys spec entry ${index + 1} has no ":" between key id and key`);
      }
      const id = entry.slice(0, colon).trim();
      if (!KEY_ID.test(id)) {
        throw new PiiCipherError(
          `PII keys spec entry ${index + 1}: key id must be 1-32 characters of A-Z, a-z, 0-9, _ or -`,
        );
      }
      if (Object.hasOwn(keys, id)) throw new PiiCipherError(`PII key id "${id}" appears more than once`);
      keys[id] = decodeBase64(entry.slice(colon + 1).trim(), `PII key "${id}"`);
    });
    const hmacKey = decodeBase64((hmacKeyBase64 ?? '').trim(), 'PII HMAC key');
    return new PiiCipher({ keys, activeKeyId: (activeKeyId ?? '').trim(), hmacKey });
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(Buffer.from(this.activeKeyId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.activeKeyId, b64url(iv), b64url(tag), b64url(ciphertext)].join('.');
  }

  decrypt(token: string): string {
    const { keyId, iv, tag, ciphertext } = parseToken(token);
    const key = this.keys.get(keyId);
    if (!key) throw new PiiCipherError(`PII token uses unknown key id "${keyId}"`);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // Node's own message is generic too, but ours is stable and certainly free of data.
      throw new PiiCipherError('PII token failed authentication (tampered or wrong key)');
    }
  }

  /** The key id a token was written under (no decryption; the token is only checked for shape). */
  keyIdOf(token: string): string {
    return parseToken(token).keyId;
  }

  /** Whether the token was written under a key other than the active one. */
  needsRotation(token: string): boolean {
    return this.keyIdOf(token) !== this.activeKeyId;
  }

  /** The token under the active key; a token already under it is returned unchanged (saves a write). */
  reencrypt(token: string): string {
    return this.needsRotation(token) ? this.encrypt(this.decrypt(token)) : token;
  }

  /**
   * Hex HMAC-SHA256 of `kind:normalized value`: equal values hash equal, so a column of these can be
   * indexed for exact lookups, while without the key the hash reveals nothing (no dictionary attack
   * over the small space of ID or phone numbers). ID numbers are trimmed and upper-cased; phone numbers
   * are reduced to digits, with a +86/0086 country code dropped.
   */
  lookupHash(kind: LookupKind, value: string): string {
    const normalized = normalizeForLookup(kind, value);
    if (normalized.length === 0) throw new PiiCipherError(`PII lookup value for "${kind}" is empty`);
    return createHmac('sha256', this.hmacKey).update(`${kind}:${normalized}`, 'utf8').digest('hex');
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new PiiCipherError(`PII key "${id}" is not in the key ring`);
    return key;
  }
}

function normalizeForLookup(kind: LookupKind, value: string): string {
  switch (kind) {
    case 'id':
      return value.trim().toUpperCase();
    case 'phone':
      return normalizeMobileInput(value).replace(/\D/g, '');
    default:
      throw new PiiCipherError('PII lookup kind must be "id" or "phone"');
  }
}

function parseToken(token: string): { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new PiiCipherError('PII token is malformed: expected v1.<keyId>.<iv>.<tag>.<ciphertext>');
  }
  const [, keyId, iv, tag, ciphertext] = parts;
  if (!KEY_ID.test(keyId)) throw new PiiCipherError('PII token has a malformed key id');
  if (![iv, tag, ciphertext].every((part) => BASE64URL.test(part))) {
    throw new PiiCipherError('PII token has a part that is not base64url');
  }
  const decoded = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES) throw new PiiCipherError(`PII token IV must be ${IV_BYTES} bytes`);
  if (decoded.tag.length !== TAG_BYTES) throw new PiiCipherError(`PII token tag must be ${TAG_BYTES} bytes`);
  return decoded;
}

function decodeBase64(value: string, what: string): Buffer {
  if (value.length === 0) throw new PiiCipherError(`${what} is empty`);
  if (!BASE64.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    throw new PiiCipherError(`${what} is not valid base64`);
  }
  return Buffer.from(value, 'base64');
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function byteLength(value: unknown): number {
  return Buffer.isBuffer(value) ? value.length : 0;
}

// The active key id comes from configuration and may be anything: echo it only when it looks like an id.
function safeId(id: string): string {
  return typeof id === 'string' && KEY_ID.test(id) ? id : '(malformed)';
}
