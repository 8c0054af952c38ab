import { randomBytes } from 'node:crypto';
import { SecretCipher, SecretCipherError } from '../src/crypto/secret-cipher.js';

describe('SecretCipher', () => {
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64');

  it('round-trips, never shows the plaintext, and writes a fresh token each time', () => {
    const cipher = SecretCipher.fromConfig(`k1:${k1}`, 'k1');
    const a = cipher.encrypt('whsec_abc', 'row-1');
    const b = cipher.encrypt('whsec_abc', 'row-1');
    expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('whsec');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a, 'row-1')).toBe('whsec_abc');
    expect(SecretCipher.isToken(a)).toBe(true);
    expect(SecretCipher.isToken('whsec_abc')).toBe(false);
  });

  it('refuses a token moved to another row, tampered with, or under another key', () => {
    const cipher = SecretCipher.fromConfig(`k1:${k1}`, 'k1');
    const token = cipher.encrypt('whsec_abc', 'row-1');
    expect(() => cipher.decrypt(token, 'row-2')).toThrow(SecretCipherError);
    const parts = token.split('.');
    const flipped = Buffer.from(parts[4], 'base64url');
    flipped[0] ^= 1;
    expect(() =>
      cipher.decrypt([...parts.slice(0, 4), flipped.toString('base64url')].join('.'), 'row-1'),
    ).toThrow(/failed authentication/);
    expect(() => SecretCipher.fromConfig(`k1:${k2}`, 'k1').decrypt(token, 'row-1')).toThrow(
      SecretCipherError,
    );
  });

  it('reads old tokens after the active key changes, while the old key stays in the ring', () => {
    const old = SecretCipher.fromConfig(`k1:${k1}`, 'k1').encrypt('s', 'r');
    const ring = SecretCipher.fromConfig(`k1:${k1},k2:${k2}`, 'k2');
    expect(ring.decrypt(old, 'r')).toBe('s');
    expect(ring.encrypt('s', 'r')).toMatch(/^v1\.k2\./);
    expect(() => SecretCipher.fromConfig(`k2:${k2}`, 'k2').decrypt(old, 'r')).toThrow(/not in the ring/);
  });

  it('refuses bad key rings', () => {
    expect(() => SecretCipher.fromConfig(`k1:${randomBytes(16).toString('base64')}`, 'k1')).toThrow(
      /32 bytes/,
    );
    expect(() => SecretCipher.fromConfig(`k1:${k1}`, 'k2')).toThrow(/active key/);
    expect(() => SecretCipher.fromConfig(`k1:${k1},k1:${k2}`, 'k1')).toThrow(/more than once/);
    expect(() => SecretCipher.fromConfig('', 'k1')).toThrow(/no keys/);
  });
});
