// Builds one workspace package (run from its directory): swc compiles src/ to dist/ as ES modules.
// Type checking is separate (`npm run typecheck`), so builds stay fast on small machines.
import { execFileSync } from 'node:child_process';
import { rmSync, existsSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const swc = join(dirname(require.resolve('@swc/cli/package.json')), 'bin', 'swc.js');

rmSync('dist', { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    swc,
    'src',
    '-d',
    'dist',
    '--strip-leading-paths',
    '--config-file',
    join(root, '.swcrc'),
    '--ignore',
    '**/*.spec.ts',
    '--quiet',
  ],
  { stdio: 'inherit' },
);
// Non-TypeScript assets (proto files) travel with the build.
if (existsSync('src/proto')) cpSync('src/proto', 'dist/proto', { recursive: true });
