import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits; the prefix makes leaked keys easy to find with secret scanners. */
export function newClientSecret(): string {
  return `ywk_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 is enough for an unguessable secret: the digest is the look-up key, no per-row salt needed. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretHint(secret: string): string {
  return `${secret.slice(0, 8)}…`;
}

/** What a presented secret must look like before it costs a database look-up. */
export const SECRET_SHAPE = /^ywk_[A-Za-z0-9_-]{43}$/;
