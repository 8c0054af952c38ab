// `npm run bench -- [suite|service …] [--duration=<s>] [--list]`: finds `*.bench.mjs` files under bench/,
// libs/*/bench/ and services/*/bench/ (the suite is the file name; a service's name picks all of its suites;
// --duration sets BENCH_DURATION for suites that take it), provisions PostgreSQL and NATS as `npm test` does, builds,
// and runs each suite in its own process. A suite measures its subject against a floor in the same run and
// reports ratios, never absolute timings as pass/fail. Results: stdout table + .bench/<suite>-<time>.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkoutPorts, ensureNats, ensurePostgres, log, takeLease } from './lib/stack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function discover() {
  const dirs = [join(root, 'bench')];
  for (const group of ['libs', 'services']) {
    for (const name of readdirSync(join(root, group))) dirs.push(join(root, group, name, 'bench'));
  }
  return dirs
    .filter((d) => existsSync(d))
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith('.bench.mjs'))
        .map((f) => join(d, f)),
    )
    .map((file) => ({ suite: basename(file, '.bench.mjs'), group: basename(dirname(dirname(file))), file }));
}

const all = discover();
if (args.includes('--list')) {
  for (const { suite, file } of all) console.log(`${suite.padEnd(16)} ${relative(root, file)}`);
  process.exit(0);
}
const wanted = args.filter((a) => !a.startsWith('--'));
const chosen = wanted.length ? all.filter((b) => wanted.includes(b.suite) || wanted.includes(b.group)) : all;
const unknown = wanted.filter((w) => !all.some((b) => b.suite === w || b.group === w));
const duration = args.find((a) => a.startsWith('--duration='))?.slice('--duration='.length);
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${all.map((b) => b.suite).join(', ')}`);
  process.exit(2);
}

const dataDir = join(root, '.data', 'test');
const ports = checkoutPorts(root);
const lease = takeLease(dataDir);
const postgres = await ensurePostgres({ dataDir, port: ports.postgres, database: 'yiwang_bench' });
const nats = await ensureNats({ dataDir, port: ports.nats });
let failed = 0;
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
  mkdirSync(join(root, '.bench'), { recursive: true });
  for (const { suite, file } of chosen) {
    log(`running ${suite}`);
    const out = join(root, '.bench', `${suite}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const result = spawnSync(
      process.execPath,
      ['--expose-gc', join(root, 'scripts/lib/bench-child.mjs'), file, out],
      {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          BENCH_DATABASE_URL: postgres.url,
          BENCH_NATS_URL: nats.url,
          ...(duration ? { BENCH_DURATION: duration } : {}),
          LOG_LEVEL: 'silent',
        },
      },
    );
    if (result.status !== 0) {
      failed += 1;
      log(`${suite} failed (exit ${result.status})`);
    } else {
      log(`${suite}: results in ${relative(root, out)}`);
    }
  }
} finally {
  if (lease.release()) {
    await nats.stop();
    await postgres.stop();
  }
}
process.exit(failed ? 1 : 0);
