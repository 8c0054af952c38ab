// Builds one workspace package (run from its directory): swc compiles src/ to dist/ as ES modules.
// Type checking is separate (`npm run typecheck`), so builds stay fast on small machines.
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const swc = join(dirname(require.resolve('@swc/cli/package.json')), 'bin', 'swc.js');

// Build beside dist/ and swap at the end: a process starting meanwhile never finds dist/ half-written.
const next = `dist.next-${process.pid}`;
const old = `dist.old-${process.pid}`;
rmSync(next, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    swc,
    'src',
    '-d',
    next,
    '--strip-leading-paths',
    '--config-file',
    join(root, '.swcrc'),
    '--ignore',
    '**/*.spec.ts',
    '--quiet',
  ],
  { stdio: 'inherit' },
);
if (existsSync('dist')) renameSync('dist', old);
renameSync(next, 'dist');
rmSync(old, { recursive: true, force: true });
