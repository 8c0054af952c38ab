// Regenerates TypeScript from the .proto files (buf + ts-proto), and the files derived from the service
// catalogue (libs/contracts/src/catalogue/services.ts): docker-compose.yml's service entries, deploy/k8s and
// the Dockerfiles. With --check, writes nothing and fails when committed files differ: stale generated
// code or deploy files never reach main.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDeploy } from './gen-deploy.mjs';
import { generateDockerfiles } from './gen-dockerfiles.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const contracts = join(root, 'libs/contracts');
const committed = join(contracts, 'src/generated');
const check = process.argv.includes('--check');
const buf = join(root, 'node_modules/.bin/buf');
const plugin = join(root, 'node_modules/.bin/protoc-gen-ts_proto');

const out = mkdtempSync(join(tmpdir(), 'yiwang-gen-'));
const template = {
  version: 'v2',
  plugins: [
    {
      local: plugin,
      out,
      opt: [
        'nestJs=true',
        'addGrpcMetadata=true',
        'importSuffix=.js',
        'outputEncodeMethods=false',
        'outputJsonMethods=false',
        'outputClientImpl=false',
        'esModuleInterop=true',
      ],
    },
  ],
};
execFileSync(buf, ['lint'], { cwd: contracts, stdio: 'inherit' });
execFileSync(buf, ['generate', '--template', JSON.stringify(template)], { cwd: contracts, stdio: 'inherit' });

const list = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => statSync(join(dir, f)).isFile())
        .sort()
    : [];

if (check) {
  const fresh = list(out);
  const old = list(committed);
  const stale = [
    ...fresh.filter(
      (f) =>
        !old.includes(f) || readFileSync(join(out, f), 'utf8') !== readFileSync(join(committed, f), 'utf8'),
    ),
    ...old.filter((f) => !fresh.includes(f)),
  ];
  rmSync(out, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(
      `Generated gRPC code is stale (${stale.join(', ')}). Run \`npm run gen\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`gen: ${fresh.length} generated files are up to date`);
} else {
  rmSync(committed, { recursive: true, force: true });
  cpSync(out, committed, { recursive: true });
  rmSync(out, { recursive: true, force: true });
  console.log(`gen: wrote ${list(committed).length} files under ${relative(root, committed)}`);
}

// Deploy files and Dockerfiles from the service catalogue.
const derived = [...generateDeploy({ check }), ...generateDockerfiles({ check })];
if (check && derived.length > 0) {
  console.error(
    `Out of date with the service catalogue (${derived.join(', ')}). Run \`npm run gen\` and commit the result.`,
  );
  process.exit(1);
}
console.log(
  check
    ? 'gen: deploy files and Dockerfiles match the service catalogue'
    : `gen: ${derived.length ? `rewrote ${derived.join(', ')}` : 'deploy files and Dockerfiles unchanged'}`,
);
