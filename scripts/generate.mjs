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
import {
  configWithGrpcPort,
  declareGrpc,
  entitiesFile,
  mainProto,
  protoHeader,
  protoNamespace,
  specWithEntities,
  specWithGrpc,
} from './lib/feature-proto-bootstrap.mjs';

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
// A service without one yet (a skeleton) gets it now: the .proto, its export, its catalogue gRPC declaration
// (port, package; the gateway calls it), GRPC_PORT in its config and the gRPC server in its spec.
let route = null;
const protoFile = `libs/contracts/proto/${mainProto(service)}`;
if (withRoute) {
  const permission = `${domainOf(service)}:read`;
  if (!read('libs/contracts/src/access/permissions.ts').includes(`'${permission}'`))
    fail(
      `the route needs the permission '${permission}': add it to PERMISSIONS in ` +
        'libs/contracts/src/access/permissions.ts and to the roles that may read it, then run this again ' +
        '(or pass --no-route)',
    );
  const ns = protoNamespace(service);
  const bootstrap = !existsSync(join(root, protoFile));
  if (bootstrap && /grpc: \{/.test(catalogueEntry(service)))
    fail(`${service} declares gRPC in the catalogue but ${protoFile} is not there: add the rpc by hand`);
  const exported = read('libs/contracts/src/index.ts').includes(`export * as ${ns} from`);
  if (!bootstrap && !exported)
    fail(`libs/contracts/src/index.ts does not export the ${service} proto as ${ns}`);
  route = { ns, bootstrap };
}

function catalogueEntry(name) {
  const text = read('libs/contracts/src/catalogue/services.ts');
  const at = text.indexOf(`name: '${name}',`);
  if (at < 0) fail(`${name} is not in the service catalogue (libs/contracts/src/catalogue/services.ts)`);
  const next = text.indexOf('\n  {', at);
  return text.slice(at, next < 0 ? undefined : next);
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

// A skeleton lists no entities yet: it gets the list the service's entities are registered in.
const entitiesName = `${service.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())}Entities`;
const entitiesTs = `services/${service}/src/database/entities.ts`;
const specTs = `services/${service}/src/${service}.service-spec.ts`;
const edited = [];
if (!existsSync(join(root, entitiesTs))) {
  written.push(write(entitiesTs, entitiesFile(service, entitiesName)));
  edited.push(write(specTs, specWithEntities(read(specTs), entitiesName)));
}
edited.push(
  register(
    `services/${service}/src/app.module.ts`,
    `import { ${names.pascal}Module } from './${feature}/${feature}.module.js';`,
    /imports:\s*\[/,
    `${names.pascal}Module`,
  ),
  register(
    entitiesTs,
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
);

if (route) {
  const domain = domainOf(service);
  if (route.bootstrap) {
    written.push(write(protoFile, protoHeader(service) + protoAddition(names)));
    const index = 'libs/contracts/src/index.ts';
    const generated = `./generated/${mainProto(service).replace(/\.proto$/, '.js')}`;
    edited.push(write(index, `${read(index)}export * as ${route.ns} from '${generated}';\n`));
    const catalogue = 'libs/contracts/src/catalogue/services.ts';
    const declared = declareGrpc(read(catalogue), service, `${names.pascal}Service`);
    if (!declared.text) fail(`cannot declare gRPC for ${service} in ${catalogue}: ${declared.problem}`);
    edited.push(write(catalogue, declared.text));
    const configTs = `services/${service}/src/${service}.config.ts`;
    const config = configWithGrpcPort(read(configTs), declared.port);
    if (!config)
      fail(`no HTTP_PORT: env.port(…) in ${configTs}: add GRPC_PORT: env.port(${declared.port}) by hand`);
    edited.push(write(configTs, config));
    const spec = specWithGrpc(read(specTs), service);
    if (!spec) fail(`no module: () => AppModule in ${specTs}: add its grpc declaration by hand`);
    edited.push(write(specTs, spec));
  } else {
    edited.push(write(protoFile, read(protoFile) + protoAddition(names)));
    edited.push(catalogueService(service, `${names.pascal}Service`));
  }
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

const all = [...new Set([...written, ...edited])];
execFileSync(
  process.execPath,
  [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--write', '--ignore-unknown', ...all],
  { cwd: root, stdio: 'ignore' },
);
console.log(all.join('\n'));
if (route) console.error('next: npm run build && npm run gen:api -w web');
