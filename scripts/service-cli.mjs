// `npm run registry -- <command>` (grid service) and `npm run gateway -- <command>`: a service's
// command-line tools against the same database `npm start` uses (DATABASE_URL, or the local server under
// .data/, started for the run if needed). A server it did not start itself (`npm start`'s) stays up.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devSecrets } from './lib/dev-secrets.mjs';
import { devStack, ensurePostgres, log } from './lib/stack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [service, ...args] = process.argv.slice(2);
const { dataDir, postgresPort, natsPort } = devStack(root);
const postgres = await ensurePostgres({ dataDir, port: postgresPort });
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
      `--projects=@yiwang/${service}`,
      '--outputStyle=static',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const result = spawnSync(
    process.execPath,
    ['--enable-source-maps', join(root, 'services', service, 'dist/cli.js'), ...args],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...devSecrets(dataDir),
        ...process.env,
        DATABASE_URL: postgres.url,
        NATS_URL: process.env.NATS_URL ?? `nats://127.0.0.1:${natsPort}`,
      },
    },
  );
  status = result.status ?? 1;
} finally {
  await postgres.stop();
}
process.exit(status);
