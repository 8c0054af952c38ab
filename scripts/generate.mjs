// `npm run generate -- feature <service> <feature-name> [--no-route] [--label 中文名]`: writes a feature in the
// layout of docs/architecture.md — module, service, repository on the sql layer (ADR 0007), entity, errors,
// its migration and a service-level test on createServiceTestApp — and registers it (the service's app
// module, entities and migrations). With a route (the default) also: an rpc service in the service's proto
// package (regenerated with `npm run gen`), its gRPC controller, a gateway GET route declared with
// @ApiRoute, its scope-matrix rule, and a web page in the router, the menu and both message catalogues.
// Then: `npm run build && npm run gen:api -w web` (the web's API types follow the new route), and edit by
// hand what docs/architecture.md ("Adding a feature") lists.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { featureFiles, featureNames } from './lib/feature-templates.mjs';
import {
  domainOf,
  protoAddition,
  routeElement,
  routeFiles,
  scopeRule,
} from './lib/feature-route-templates.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : undefined;
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [kind, service, feature] = args.filter((a) => !a.startsWith('--'));
const withRoute = !flags.has('--no-route');

function fail(message) {
  console.error(message);
  process.exit(2);
}

if (kind !== 'feature' || !service || !feature)
  fail('usage: npm run generate -- feature <service> <feature-name> [--no-route] [--label 中文名]');
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(feature)) fail(`feature name must be kebab-case: ${feature}`);
const serviceDir = join(root, 'services', service);
const specFile = join(serviceDir, 'src', `${service}.service-spec.ts`);
if (!existsSync(specFile)) fail(`no service "${service}" (expected ${specFile})`);
if (existsSync(join(serviceDir, 'src', feature))) fail(`services/${service}/src/${feature} exists already`);
const specName = /export const (\w+): ServiceSpec</.exec(readFileSync(specFile, 'utf8'))?.[1];
if (!specName) fail(`no exported ServiceSpec in ${specFile}`);

const names = featureNames(feature);
const read = (file) => readFileSync(join(root, file), 'utf8');
const write = (file, text) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
  return file;
};

// With a route, the rpc goes into the service's own proto package: its clients and server load it already.
let route = null;
const protoFile = `libs/contracts/proto/yiwang/${service}/v1/${service}.proto`;
if (withRoute) {
  if (!existsSync(join(root, protoFile))) fail(`${protoFile} not found: give the service its proto first`);
  const ns = new RegExp(`export \\* as (\\w+) from './generated/yiwang/${service}/v1/${service}\\.js'`).exec(
    read('libs/contracts/src/index.ts'),
  )?.[1];
  if (!ns) fail(`libs/contracts/src/index.ts does not export the ${service} proto package`);
  route = { ns };
}

const timestamp = Date.now();
const written = Object.entries(featureFiles(service, names, timestamp, specName, route)).map(([f, t]) =>
  write(f, t),
);

/** Adds `importLine` after the last import and `entry` at the end of the list that `anchor` opens. */
function register(file, importLine, anchor, entry) {
  let text = read(file);
  if (text.search(anchor) < 0 && /@Module\(\{\}\)/.test(text) && String(anchor).includes('imports'))
    text = text.replace('@Module({})', '@Module({ imports: [] })'); // a service without features yet
  const at = text.search(anchor);
  if (at < 0) fail(`cannot find ${anchor} in ${file}: register ${entry} there by hand`);
  const close = text.indexOf(']', at);
  const before = text.slice(0, close).replace(/,?\s*$/, '');
  text = `${before}${before.endsWith('[') ? '' : ','}\n  ${entry},\n${text.slice(close)}`;
  return write(file, importLine ? addImport(text, importLine) : text);
}

/** Adds a gRPC service to the service's entry in the catalogue: the gateway then builds its client. */
function catalogueService(service, grpcService) {
  const file = 'libs/contracts/src/catalogue/services.ts';
  const text = read(file);
  const entry = text.indexOf(`name: '${service}',`);
  const list = entry < 0 ? -1 : text.indexOf('services: [', entry);
  if (list < 0) fail(`cannot find the gRPC services of ${service} in ${file}: add ${grpcService} by hand`);
  const close = text.indexOf(']', list);
  const before = text.slice(0, close).replace(/,?\s*$/, '');
  return write(file, `${before}, '${grpcService}'${text.slice(close)}`);
}

function addImport(text, importLine) {
  const lines = text.split('\n');
  const last = lines.findLastIndex((l) => l.startsWith('import ') || l.startsWith('} from '));
  lines.splice(last + 1, 0, importLine);
  return lines.join('\n');
}

/** Inserts `block` before the first line (from `after` on) matching `before`. */
function insertBefore(file, before, block, after = 0) {
  const lines = read(file).split('\n');
  const at = lines.findIndex((l, i) => i >= after && before.test(l));
  if (at < 0) fail(`cannot place ${names.kebab} in ${file}: add it by hand`);
  lines.splice(at, 0, block);
  return lines;
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

if (route) {
  const domain = domainOf(service);
  edited.push(write(protoFile, read(protoFile) + protoAddition(names)));
  edited.push(catalogueService(service, `${names.pascal}Service`));
  written.push(
    ...Object.entries(routeFiles(service, names, route.ns, label ?? names.title)).map(([f, t]) =>
      write(f, t),
    ),
  );
  edited.push(
    register(
      'services/gateway/src/app.module.ts',
      `import { ${names.pascal}Module } from './${feature}/${feature}.module.js';`,
      /imports:\s*\[/,
      `${names.pascal}Module`,
    ),
  );
  const rules = 'test/e2e/scope-matrix.rules.ts';
  const rulesStart = read(rules)
    .split('\n')
    .findIndex((l) => l.startsWith('export const RULES'));
  edited.push(write(rules, insertBefore(rules, /^};$/, scopeRule(names), rulesStart).join('\n')));
  const routes = 'web/src/app/routes.tsx';
  let lines = insertBefore(
    routes,
    /\{NAVIGATION\.filter\(\(n\) => n\.planned\)/,
    routeElement(names, domain),
  );
  const lastLazy = lines.findLastIndex((l) => /^const \w+ = lazy\(/.test(l));
  lines.splice(
    lastLazy + 1,
    0,
    `const ${names.pascal}Page = lazy(() => import('../pages/${feature}/${names.pascal}Page'));`,
  );
  edited.push(write(routes, lines.join('\n')));
  const navigation = 'web/src/app/navigation.tsx';
  lines = insertBefore(
    navigation,
    /planned: true/,
    `  { path: '/${feature}s', label: 'nav.${names.camel}', icon: <AppstoreOutlined />, anyOf: ['${domain}:read'] },`,
    read(navigation)
      .split('\n')
      .findIndex((l) => l.startsWith('export const NAVIGATION')),
  );
  const iconImport = lines.findIndex((l) => l.startsWith('import {'));
  if (!lines.slice(iconImport, iconImport + 12).some((l) => l.includes('AppstoreOutlined')))
    lines.splice(iconImport + 1, 0, '  AppstoreOutlined,');
  edited.push(write(navigation, lines.join('\n')));
  const messages = {
    'zh-CN': {
      [`nav.${names.camel}`]: label ?? names.title,
      [`${names.camel}.name`]: '名称',
      [`${names.camel}.createdAt`]: '创建时间',
    },
    'en-US': {
      [`nav.${names.camel}`]: names.title,
      [`${names.camel}.name`]: 'Name',
      [`${names.camel}.createdAt`]: 'Created',
    },
  };
  for (const [locale, added] of Object.entries(messages)) {
    const file = `web/src/i18n/locales/${locale}.json`;
    const catalogue = { ...JSON.parse(read(file)), ...added };
    const sorted = Object.fromEntries(
      Object.entries(catalogue).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    edited.push(write(file, `${JSON.stringify(sorted, null, 2)}\n`));
  }
  // The proto's TypeScript (libs/contracts/src/generated) follows at once; the web's API types need the
  // gateway built first: `npm run build && npm run gen:api -w web`.
  execFileSync(process.execPath, [join(root, 'scripts/gen.mjs')], { cwd: root, stdio: 'ignore' });
}

const all = [...written, ...edited];
execFileSync(
  process.execPath,
  [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--write', '--ignore-unknown', ...all],
  { cwd: root, stdio: 'ignore' },
);
console.log(all.join('\n'));
if (route) console.error('next: npm run build && npm run gen:api -w web');
