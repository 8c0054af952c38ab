import { randomBytes } from 'node:crypto';

/** Where this Jest worker's database and NATS namespace are (set up by test/global-setup.mjs). */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\``);
  return value;
}

export function workerId(): string {
  return process.env.JEST_WORKER_ID ?? '1';
}

export function testDatabaseUrl(): string {
  const url = new URL(required('TEST_DATABASE_URL'));
  url.pathname = `/yiwang_test_${required('YIWANG_TEST_RUN_ID')}_w${workerId()}`;
  return url.toString();
}

export function testNatsUrl(): string {
  return required('TEST_NATS_URL');
}

/**
 * This worker's subject and stream namespace. A suffix isolates one test file's streams and durable
 * consumers from the others that run in the same worker.
 */
export function testNatsPrefix(suffix = ''): string {
  return `t${required('YIWANG_TEST_RUN_ID')}w${workerId()}${suffix}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
}

/** Fresh registry keys for one test process: personal data in tests is encrypted like anywhere else. */
export function testRegistrySecrets(): Record<string, string> {
  return {
    REGISTRY_PII_KEYS: `test1:${randomBytes(32).toString('base64')}`,
    REGISTRY_PII_ACTIVE_KEY: 'test1',
    REGISTRY_HMAC_KEY: randomBytes(32).toString('base64'),
  };
}
