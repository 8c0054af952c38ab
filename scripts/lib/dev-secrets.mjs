// Keys for a development or demo installation, made once per checkout and kept in .data/secrets.json
// (mode 0600). Production sets these variables itself; nothing here is a default anyone shares.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fresh = () => ({
  REGISTRY_PII_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
  REGISTRY_PII_ACTIVE_KEY: 'dev1',
  REGISTRY_HMAC_KEY: randomBytes(32).toString('base64'),
  WEBHOOK_SECRET_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
  WEBHOOK_SECRET_ACTIVE_KEY: 'dev1',
});

export function devSecrets(dataDir) {
  const file = join(dataDir, 'secrets.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  // A checkout made before a key existed gets that key added; keys already there never change.
  const secrets = { ...fresh(), ...kept };
  if (Object.keys(secrets).length !== Object.keys(kept).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
