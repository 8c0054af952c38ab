// `npm run generate -- feature <service> <feature-name> --no-route`: writes a feature in the layout of
// docs/architecture.md (module, service, repository on the sql layer, entity, errors, its migration and a
// service-level test on createServiceTestApp) and registers it (app module, entities, migrations index).
// Then run `npx prettier --write` on the files it names, and edit the thing's fields and rules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { featureFiles, featureNames } from './lib/feature-templates.mjs';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [kind, service, feature] = args.filter((a) => !a.startsWith('--'));
const root = resolve(process.env.YIWANG_GENERATE_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..'));

function fail(message) {
  console.error(message);
  process.exit(2);
}

if (kind !== 'feature' || !service || !feature)
  fail('usage: npm run generate -- feature <service> <feature-name> --no-route');
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(feature)) fail(`feature name must be kebab-case: ${feature}`);
if (!flags.has('--no-route'))
  fail('only --no-route is generated so far: the proto rpc, gateway route and web page are added by hand');
const serviceDir = join(root, 'services', service);
const specFile = join(serviceDir, 'src', `${service}.service-spec.ts`);
if (!existsSync(specFile)) fail(`no service "${service}" (expected ${specFile})`);
if (existsSync(join(serviceDir, 'src', feature))) fail(`services/${service}/src/${feature} exists already`);

const specName = /export const (\w+): ServiceSpec</.exec(readFileSync(specFile, 'utf8'))?.[1];
if (!specName) fail(`no exported ServiceSpec in ${specFile}`);
const names = featureNames(feature);
const timestamp = Date.now();
const files = featureFiles(service, names, timestamp, specName);
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Adds an import after the last import line and `entry` to the array or list after `anchor`. */
function register(file, importLine, anchor, entry) {
  const path = join(root, file);
  let text = readFileSync(path, 'utf8');
  if (text.search(anchor) < 0 && /@Module\(\{\}\)/.test(text) && String(anchor).includes('imports'))
    text = text.replace('@Module({})', '@Module({ imports: [] })'); // a service without features yet
  const at = text.search(anchor);
  if (at < 0) fail(`cannot find ${anchor} in ${file}: register ${entry} there by hand`);
  const close = text.indexOf(']', at);
  const before = text.slice(0, close).replace(/,?\s*$/, '');
  text = `${before}${before.endsWith('[') ? '' : ','}\n  ${entry},\n${text.slice(close)}`;
  const lines = text.split('\n');
  const lastImport = lines.findLastIndex((l) => l.startsWith('import ') || l.startsWith('} from '));
  lines.splice(lastImport + 1, 0, importLine);
  writeFileSync(path, lines.join('\n'));
  return file;
}

const edited = [
  register(
    `services/${service}/src/app.module.ts`,
    `import { ${names.pascal}Module } from './${feature}/${feature}.module.js';`,
    /imports:\s*\[/,
    `${names.pascal}Module`,
  ),
  register(
    `services/${service}/src/database/entities.ts`,
    `import { ${names.pascal}Entity } from '../${feature}/${feature}.entity.js';`,
    /export const \w+Entities[^=]*=\s*\[/,
    `${names.pascal}Entity`,
  ),
  register(
    `services/${service}/src/database/migrations/index.ts`,
    `import { Create${names.pascal}${timestamp} } from './${timestamp}-create-${feature}.js';`,
    /export const \w+Migrations[^=]*=\s*\[/,
    `Create${names.pascal}${timestamp}`,
  ),
];
const written = [...Object.keys(files), ...edited];
execFileSync(
  process.execPath,
  [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--write', ...written],
  {
    cwd: root,
    stdio: 'ignore',
  },
);
console.log(written.join('\n'));
