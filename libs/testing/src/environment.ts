import { createHash, randomBytes } from 'node:crypto';

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
  // One set of keys for the whole run: test files share a worker's database one after another, and a file
  // that lists what an earlier one stored must be able to decrypt it.
  const runId = process.env.YIWANG_TEST_RUN_ID;
  const key = (purpose: string) =>
    (runId
      ? createHash('sha256').update(`yiwang-test:${runId}:${purpose}`).digest()
      : randomBytes(32)
    ).toString('base64');
  return {
    REGISTRY_PII_KEYS: `test1:${key('pii')}`,
    REGISTRY_PII_ACTIVE_KEY: 'test1',
    REGISTRY_HMAC_KEY: key('hmac'),
  };
}

/** The gateway's key for webhook secrets at rest; one per run, for the same reason as the registry keys. */
export function testGatewaySecrets(): Record<string, string> {
  const runId = process.env.YIWANG_TEST_RUN_ID;
  const key = (
    runId ? createHash('sha256').update(`yiwang-test:${runId}:webhook-secrets`).digest() : randomBytes(32)
  ).toString('base64');
  return { WEBHOOK_SECRET_KEYS: `test1:${key}`, WEBHOOK_SECRET_ACTIVE_KEY: 'test1' };
}
