// `npm test`: provisions PostgreSQL and NATS the same way `npm start` does (found, or started under .data/),
// builds (integration tests run the real service processes), checks generated code is fresh, runs Jest.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './lib/chromium.mjs';
import { checkoutPorts, ensureNats, ensurePostgres, log, takeLease } from './lib/stack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '.data', 'test');
const ports = checkoutPorts(root);

execFileSync(process.execPath, [join(root, 'scripts/gen.mjs'), '--check'], { cwd: root, stdio: 'inherit' });

// The web UI's tests run with the whole suite or when asked for (`npm test -- web`): its component tests
// (Vitest) after Jest, its browser tests (playwright-core + Chromium) inside Jest.
const args = process.argv.slice(2);
const withWeb = args.length === 0 || args.some((a) => /web/.test(a));
const chromiumPath = withWeb ? ensureChromium(log) : null;

const lease = takeLease(dataDir);
const postgres = await ensurePostgres({ dataDir, port: ports.postgres });
const nats = await ensureNats({ dataDir, port: ports.nats });
let status;
try {
  log('building');
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/nx/dist/bin/nx.js'),
      'run-many',
      '-t',
      'build',
      '--parallel=2',
      '--outputStyle=static',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const runId = Date.now().toString(36);
  // Test users share one password; its argon2id hash is made once here rather than per user in the tests.
  const { argon2id } = await import('hash-wasm');
  const testPassword = `test-${runId}-${randomBytes(8).toString('hex')}`;
  const testPasswordHash = await argon2id({
    password: testPassword,
    salt: randomBytes(16),
    memorySize: 65_536,
    iterations: 3,
    parallelism: 1,
    hashLength: 32,
    outputType: 'encoded',
  });
  const result = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      join(root, 'node_modules/jest/bin/jest.js'),
      ...args,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        TEST_DATABASE_URL: postgres.url,
        TEST_NATS_URL: nats.url,
        YIWANG_TEST_RUN_ID: runId,
        YIWANG_TEST_PASSWORD: testPassword,
        YIWANG_TEST_PASSWORD_HASH: testPasswordHash,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
        ...(chromiumPath ? { CHROMIUM_PATH: chromiumPath } : {}),
      },
    },
  );
  if (result.signal) log(`jest was killed by ${result.signal}`);
  status = result.status ?? 1;
  if (withWeb) {
    log('web UI component tests (vitest)');
    const vitest = spawnSync(
      process.execPath,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', join(root, 'web')],
      { cwd: join(root, 'web'), stdio: 'inherit' },
    );
    if (vitest.status !== 0) status = status || (vitest.status ?? 1);
  }
} finally {
  if (lease.release()) {
    await nats.stop();
    await postgres.stop();
  }
}
process.exit(status);
