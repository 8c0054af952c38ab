import { randomBytes } from 'node:crypto';
import { argon2Verify, argon2id } from 'hash-wasm';

/**
 * argon2id (64 MiB, 3 passes) in WebAssembly: no native addon, so it runs the same on every platform and
 * inside test sandboxes (the native `argon2` prebuilds crashed on some machines).
 */
const OPTIONS = { memorySize: 65_536, iterations: 3, parallelism: 1, hashLength: 32 } as const;

// Verifying against this when the user does not exist keeps the timing the same as a wrong password.
let dummyHash: Promise<string> | undefined;

export const PasswordHasher = {
  hash(password: string): Promise<string> {
    return argon2id({ ...OPTIONS, password, salt: randomBytes(16), outputType: 'encoded' });
  },
  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      dummyHash ??= PasswordHasher.hash('not-a-user');
      await argon2Verify({ password, hash: await dummyHash }).catch(() => false);
      return false;
    }
    return argon2Verify({ password, hash }).catch(() => false);
  },
};
