// Keys for a development or demo installation, made once per checkout and kept in .data/secrets.json
// (mode 0600). Production sets these variables itself; nothing here is a default anyone shares.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function devSecrets(dataDir) {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    REGISTRY_PII_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
    REGISTRY_PII_ACTIVE_KEY: 'dev1',
    REGISTRY_HMAC_KEY: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
