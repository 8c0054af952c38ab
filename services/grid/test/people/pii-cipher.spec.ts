import { randomBytes } from 'node:crypto';
import { PiiCipher, PiiCipherError } from '../../src/people/index.js';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const hmacKey = randomBytes(32);
const ID = '11010519491231002X';

function cipherWith(keys: Record<string, Buffer>, activeKeyId: string, hmac = hmacKey): PiiCipher {
  return new PiiCipher({ keys, activeKeyId, hmacKey: hmac });
}

/** Flips one bit of the decoded bytes of a token part, so base64 padding bits cannot hide the change. */
function tamper(token: string, part: 2 | 3 | 4): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[0] ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}

describe('PiiCipher encryption', () => {
  const cipher = cipherWith({ k2025b: oldKey }, 'k2025b');

  it('round-trips values, including non-ASCII and empty ones', () => {
    for (const plain of [ID, '13812345678', '广州市天河区天河路 1 号', '']) {
      const token = cipher.encrypt(plain);
      expect(token).toMatch(/^v1\.k2025b\.[\w-]{16}\.[\w-]{22}\.[\w-]*$/);
      expect(token).not.toContain(plain || '\u0000');
      expect(cipher.decrypt(token)).toBe(plain);
    }
  });

  it('encrypts the same value differently every time, while lookup hashes agree', () => {
    const first = cipher.encrypt(ID);
    const second = cipher.encrypt(ID);
    expect(first).not.toBe(second);
    expect(cipher.lookupHash('id', ID)).toBe(cipher.lookupHash('id', ID));
  });

  it.each([
    ['IV', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ] as const)('rejects a tampered %s without revealing the plaintext', (_name, part) => {
    const error = errorOf(() => cipher.decrypt(tamper(cipher.encrypt(ID), part)));
    expect(error).toBeInstanceOf(PiiCipherError);
    expect(error.message).toMatch(/failed authentication/);
    expect(error.message).not.toContain(ID);
  });

  it('rejects a token whose key id was swapped, whether the other id is known or not', () => {
    const both = cipherWith({ k2025b: oldKey, k2026a: newKey }, 'k2025b');
    const token = both.encrypt(ID);
    expect(() => both.decrypt(token.replace('.k2025b.', '.k2026a.'))).toThrow(/failed authentication/);
    expect(() => both.decrypt(token.replace('.k2025b.', '.k1999z.'))).toThrow(/unknown key id "k1999z"/);
  });

  it('binds the key id to the ciphertext even when two ids hold the same key bytes', () => {
    const aliased = cipherWith({ k2025b: oldKey, k2025c: oldKey }, 'k2025b');
    const token = aliased.encrypt(ID);
    expect(() => aliased.decrypt(token.replace('.k2025b.', '.k2025c.'))).toThrow(/failed authentication/);
  });

  it('rejects malformed tokens', () => {
    const token = cipher.encrypt(ID);
    expect(() => cipher.decrypt(token.replace(/^v1/, 'v2'))).toThrow(/malformed/);
    expect(() => cipher.decrypt(token.split('.').slice(0, 4).join('.'))).toThrow(/malformed/);
    expect(() => cipher.decrypt(`${token}.x`)).toThrow(/malformed/);
    expect(() => cipher.decrypt(token.replace('.k2025b.', '.k 2025.'))).toThrow(/malformed key id/);
    expect(() => cipher.decrypt(token.replace(/\.[^.]*$/, '.a+b/'))).toThrow(/not base64url/);
    expect(() => cipher.decrypt(token.replace(/^(v1\.k2025b\.)[^.]*/, '$1AAAA'))).toThrow(
      /IV must be 12 bytes/,
    );
    expect(() => cipher.decrypt(ID)).toThrow(PiiCipherError);
  });
});

describe('PiiCipher key rotation', () => {
  const before = cipherWith({ k2025b: oldKey }, 'k2025b');
  const after = cipherWith({ k2025b: oldKey, k2026a: newKey }, 'k2026a');

  it('decrypts old tokens after a new active key is added and moves them to it', () => {
    const old = before.encrypt(ID);
    expect(after.decrypt(old)).toBe(ID);
    expect(after.keyIdOf(old)).toBe('k2025b');
    expect(after.needsRotation(old)).toBe(true);

    const moved = after.reencrypt(old);
    expect(after.keyIdOf(moved)).toBe('k2026a');
    expect(after.needsRotation(moved)).toBe(false);
    expect(after.decrypt(moved)).toBe(ID);
    expect(after.reencrypt(moved)).toBe(moved);
    expect(() => before.decrypt(moved)).toThrow(/unknown key id "k2026a"/);
  });

  it('keeps lookup hashes stable across encryption key rotation', () => {
    expect(after.lookupHash('phone', '13812345678')).toBe(before.lookupHash('phone', '13812345678'));
  });
});

describe('PiiCipher lookup hashes', () => {
  const cipher = cipherWith({ k2025b: oldKey }, 'k2025b');

  it('normalises ID numbers and phone numbers before hashing', () => {
    const hash = cipher.lookupHash('id', ID);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.lookupHash('id', ` ${ID.toLowerCase()} `)).toBe(hash);
    const phone = cipher.lookupHash('phone', '13812345678');
    for (const form of [
      '138 1234 5678',
      '138-1234-5678',
      '+86 138 1234 5678',
      '008613812345678',
      '8613812345678',
    ]) {
      expect(cipher.lookupHash('phone', form)).toBe(phone);
    }
  });

  it('separates kinds and values, and depends on the key', () => {
    const hash = cipher.lookupHash('phone', '13812345678');
    expect(cipher.lookupHash('id', '13812345678')).not.toBe(hash);
    expect(cipher.lookupHash('phone', '13812345679')).not.toBe(hash);
    expect(
      cipherWith({ k2025b: oldKey }, 'k2025b', randomBytes(32)).lookupHash('phone', '13812345678'),
    ).not.toBe(hash);
  });

  it('refuses empty values', () => {
    expect(() => cipher.lookupHash('phone', ' - ')).toThrow(/empty/);
    expect(() => cipher.lookupHash('id', '  ')).toThrow(/empty/);
  });
});

describe('PiiCipher configuration', () => {
  const b64 = (bytes: Buffer) => bytes.toString('base64');
  const shortKey = randomBytes(16);
  const secrets = [oldKey, newKey, hmacKey, shortKey].flatMap((key) => [
    b64(key),
    key.toString('base64url'),
    key.toString('hex'),
  ]);

  it('builds a working cipher from configuration strings', () => {
    const cipher = PiiCipher.fromConfig(
      `k2026a:${b64(newKey)}, k2025b:${b64(oldKey)}`,
      'k2026a',
      b64(hmacKey),
    );
    expect(cipher.activeKeyId).toBe('k2026a');
    const token = cipher.encrypt(ID);
    expect(cipher.decrypt(token)).toBe(ID);
    expect(cipherWith({ k2026a: newKey }, 'k2026a').decrypt(token)).toBe(ID);
  });

  it('accepts URL-safe base64 without padding', () => {
    const cipher = PiiCipher.fromConfig(
      `k1:${oldKey.toString('base64url')}`,
      'k1',
      hmacKey.toString('base64url'),
    );
    expect(cipher.lookupHash('id', ID)).toBe(cipherWith({ k1: oldKey }, 'k1').lookupHash('id', ID));
    expect(cipherWith({ k1: oldKey }, 'k1').decrypt(cipher.encrypt(ID))).toBe(ID);
  });

  it.each([
    ['an empty keys spec', () => PiiCipher.fromConfig(' ', 'k1', b64(hmacKey)), /keys spec is empty/],
    ['a missing colon', () => PiiCipher.fromConfig(b64(oldKey), 'k1', b64(hmacKey)), /entry 1 has no ":"/],
    [
      'a malformed key id',
      () => PiiCipher.fromConfig(`k1:${b64(oldKey)},bad id:${b64(newKey)}`, 'k1', b64(hmacKey)),
      /entry 2: key id must be/,
    ],
    [
      'a duplicate key id',
      () => PiiCipher.fromConfig(`k1:${b64(oldKey)},k1:${b64(newKey)}`, 'k1', b64(hmacKey)),
      /"k1" appears more than once/,
    ],
    [
      'a short key',
      () => PiiCipher.fromConfig(`k1:${b64(shortKey)}`, 'k1', b64(hmacKey)),
      /"k1" must be 32 bytes, got 16/,
    ],
    [
      'a key that is not base64',
      () => PiiCipher.fromConfig('k1:not*base64', 'k1', b64(hmacKey)),
      /"k1" is not valid base64/,
    ],
    [
      'a key cut to an impossible base64 length',
      () => PiiCipher.fromConfig(`k1:${b64(oldKey).slice(0, 41)}`, 'k1', b64(hmacKey)),
      /"k1" is not valid base64/,
    ],
    [
      'a key cut short',
      () => PiiCipher.fromConfig(`k1:${b64(oldKey).slice(0, 40)}`, 'k1', b64(hmacKey)),
      /"k1" must be 32 bytes, got 30/,
    ],
    ['an empty key', () => PiiCipher.fromConfig('k1:', 'k1', b64(hmacKey)), /"k1" is empty/],
    [
      'an unknown active key id',
      () => PiiCipher.fromConfig(`k1:${b64(oldKey)}`, 'k2', b64(hmacKey)),
      /active key id "k2" is not in the key ring/,
    ],
    [
      'a key given as the active key id',
      () => PiiCipher.fromConfig(`k1:${b64(oldKey)}`, b64(oldKey), b64(hmacKey)),
      /active key id "\(malformed\)"/,
    ],
    [
      'a short HMAC key',
      () => PiiCipher.fromConfig(`k1:${b64(oldKey)}`, 'k1', b64(shortKey)),
      /HMAC key must be at least 32 bytes, got 16/,
    ],
    ['a missing HMAC key', () => PiiCipher.fromConfig(`k1:${b64(oldKey)}`, 'k1', ''), /HMAC key is empty/],
    [
      'an HMAC key equal to an encryption key',
      () => PiiCipher.fromConfig(`k1:${b64(oldKey)}`, 'k1', b64(oldKey)),
      /HMAC key must differ from encryption key "k1"/,
    ],
  ])('names the problem for %s and never shows key material', (_case, build, message) => {
    const error = errorOf(build);
    expect(error).toBeInstanceOf(PiiCipherError);
    expect(error.message).toMatch(message);
    for (const secret of secrets) expect(error.message).not.toContain(secret);
  });

  it('validates key rings passed directly', () => {
    expect(() => new PiiCipher({ keys: {}, activeKeyId: 'k1', hmacKey })).toThrow(/no encryption keys/);
    expect(() => cipherWith({ 'k.1': oldKey }, 'k.1')).toThrow(/key id must be/);
  });

  it('is not affected by later changes to the buffers it was given', () => {
    const key = Buffer.from(oldKey);
    const cipher = cipherWith({ k1: key }, 'k1');
    const token = cipher.encrypt(ID);
    key.fill(0);
    expect(cipher.decrypt(token)).toBe(ID);
  });
});
