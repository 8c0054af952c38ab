import argon2 from 'argon2';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes) raised to 64 MiB / 3 passes. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

// Verifying against this when the user does not exist keeps the timing the same as a wrong password.
let dummyHash: Promise<string> | undefined;

export const PasswordHasher = {
  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  },
  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      dummyHash ??= argon2.hash('not-a-user', OPTIONS);
      await argon2.verify(await dummyHash, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  },
};
