// Offline checks of docker-compose.yml, the service Dockerfiles and the NATS config (no Docker engine
// needed): what `docker compose up` relies on that a typo would silently break.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { calleesOf } from '@yiwang/contracts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type ServiceRow = { name: string; http: number; grpc?: number };
type Healthcheck = { test?: string | string[]; disable?: boolean };
type ComposeService = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  healthcheck?: Healthcheck;
  depends_on?: string[] | Record<string, { condition?: string }>;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | { target?: number; published?: string | number })[];
  volumes?: (string | { source?: string; target?: string })[];
  command?: string | string[];
  restart?: string;
  [key: string]: unknown;
};
type Compose = {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
};

// Keys the Compose Specification allows (compose-spec.json: top level, service, healthcheck). A typo such as
// `healtcheck:` is otherwise ignored by this test and by some compose versions alike.
const topLevelKeys = [
  'version',
  'name',
  'include',
  'services',
  'models',
  'networks',
  'volumes',
  'secrets',
  'configs',
];
const serviceKeys = (
  'develop deploy annotations attach build blkio_config cap_add cap_drop cgroup cgroup_parent command configs ' +
  'container_name cpu_count cpu_percent cpu_shares cpu_quota cpu_period cpu_rt_period cpu_rt_runtime cpus cpuset ' +
  'credential_spec depends_on device_cgroup_rules devices dns dns_opt dns_search domainname entrypoint env_file ' +
  'label_file environment expose extends provider external_links extra_hosts gpus group_add healthcheck hostname ' +
  'image init ipc isolation labels links logging mac_address mem_limit mem_reservation mem_swappiness ' +
  'memswap_limit network_mode models networks oom_kill_disable oom_score_adj pid pids_limit platform ports ' +
  'post_start pre_stop privileged profiles pull_policy pull_refresh_after read_only restart runtime scale ' +
  'security_opt shm_size secrets sysctls stdin_open stop_grace_period stop_signal storage_opt tmpfs tty ulimits ' +
  'use_api_socket user uts userns_mode volumes volumes_from working_dir'
).split(' ');
const healthcheckKeys = [
  'disable',
  'interval',
  'retries',
  'test',
  'timeout',
  'start_period',
  'start_interval',
];

const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const { services } = (await import(pathToFileURL(join(root, 'scripts/lib/services.mjs')).href)) as {
  services: ServiceRow[];
};
const appNames = services.map((s) => s.name);
const downstream = services.filter((s) => s.name !== 'gateway');

function environment(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    : Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]);
  return Object.fromEntries(entries);
}

function dependencies(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, undefined])); // short form: no condition
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d?.condition]));
}

function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.test;
  if (test === undefined) return '';
  return Array.isArray(test) ? test.join(' ') : test;
}

function dockerfilePath(service: ComposeService): string | undefined {
  if (!service.build) return undefined;
  if (typeof service.build === 'string') return join(service.build, 'Dockerfile');
  return join(service.build.context ?? '.', service.build.dockerfile ?? 'Dockerfile');
}

/** Instructions of a Dockerfile, continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('docker-compose.yml', () => {
  it('uses only keys the Compose Specification knows', () => {
    const unknown = Object.keys(compose).filter(
      (key) => !key.startsWith('x-') && !topLevelKeys.includes(key),
    );
    for (const [name, service] of Object.entries(compose.services)) {
      for (const key of Object.keys(service)) {
        if (!key.startsWith('x-') && !serviceKeys.includes(key)) unknown.push(`services.${name}.${key}`);
      }
      for (const key of Object.keys(service.healthcheck ?? {})) {
        if (!healthcheckKeys.includes(key)) unknown.push(`services.${name}.healthcheck.${key}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('runs postgres, nats and every service of the service catalogue', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['nats', 'postgres', ...appNames].sort());
  });

  it.each(Object.keys(compose.services))(
    '%s has an image or build, a healthcheck and a restart policy',
    (name) => {
      const service = compose.services[name];
      expect(Boolean(service.image || service.build)).toBe(true);
      expect(service.healthcheck?.disable).not.toBe(true);
      expect(healthcheckCommand(service)).not.toBe('');
      expect(String(service.restart ?? 'no')).not.toBe('no');
    },
  );

  it.each(services)('$name: built from its Dockerfile, configured from the catalogue', (row) => {
    const service = compose.services[row.name];
    expect(service.build).toEqual({ context: '.', dockerfile: `services/${row.name}/Dockerfile` });

    const env = environment(service);
    expect(env.DATABASE_URL).toBe('postgres://yiwang:yiwang@postgres:5432/yiwang');
    expect(env.NATS_URL).toBe('nats://nats:4222');
    expect(env.HTTP_PORT).toBe(String(row.http));
    if (row.grpc) expect(env.GRPC_PORT).toBe(String(row.grpc));
    else expect(env.GRPC_PORT).toBeUndefined();

    const check = healthcheckCommand(service);
    expect(check).toMatch(/\bnode\b/);
    expect(check).toContain('/health/ready');
    // The check must reach the port the service listens on: literally, or through HTTP_PORT.
    expect(check.includes(`:${row.http}/`) || check.includes('process.env.HTTP_PORT')).toBe(true);
  });

  it.each(services)('$name waits for healthy postgres and nats', (row) => {
    const deps = dependencies(compose.services[row.name]);
    expect(deps.postgres).toBe('service_healthy');
    expect(deps.nats).toBe('service_healthy');
  });

  it('gateway waits for every other service to be healthy and knows where they are', () => {
    const gateway = compose.services.gateway;
    const deps = dependencies(gateway);
    for (const row of downstream) expect([row.name, deps[row.name]]).toEqual([row.name, 'service_healthy']);

    const env = environment(gateway);
    for (const row of downstream) {
      const variable = `${row.name.toUpperCase().replace(/-/g, '_')}_HEALTH_URL`;
      expect([variable, env[variable]]).toEqual([variable, `http://${row.name}:${row.http}/health/ready`]);
    }
    for (const callee of calleesOf('gateway'))
      expect([callee.grpc.addressEnv, env[callee.grpc.addressEnv]]).toEqual([
        callee.grpc.addressEnv,
        `${callee.name}:${callee.grpc.port}`,
      ]);
  });

  it('publishes only the gateway, on 3000', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'gateway') continue;
      expect([name, service.ports ?? []]).toEqual([name, []]);
    }
    expect(compose.services.gateway.ports).toEqual(['3000:3000']);
  });

  it('postgres 16 with a pg_isready healthcheck and a volume', () => {
    const postgres = compose.services.postgres;
    expect(postgres.image).toMatch(/^postgres:16(\.|$|-)/);
    expect(healthcheckCommand(postgres)).toContain('pg_isready');
    const data = (postgres.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    expect(data.some((v) => v.includes(':/var/lib/postgresql/data'))).toBe(true);
  });

  it('nats >= 2.12.3 with JetStream from deploy/nats/nats.conf and a JetStream-aware healthcheck', () => {
    const nats = compose.services.nats;
    const tag = /^nats:(\d+)\.(\d+)(?:\.(\d+))?(?:-[\w.]+)?$/.exec(nats.image ?? '');
    expect(tag).not.toBeNull();
    const [major, minor, patch] = [
      Number(tag![1]),
      Number(tag![2]),
      tag![3] === undefined ? undefined : Number(tag![3]),
    ];
    // A floating 2.12 tag is the newest 2.12.x (>= 2.12.3); a pinned one must be at least 2.12.3.
    expect(
      major > 2 || (major === 2 && minor > 12) || (major === 2 && minor === 12 && (patch ?? 3) >= 3),
    ).toBe(true);

    const mounts = (nats.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    const configMount = mounts.find((m) => m.startsWith('./deploy/nats/nats.conf:'));
    expect(configMount).toBeDefined();
    const configTarget = configMount!.split(':')[1];
    const command = Array.isArray(nats.command) ? nats.command.join(' ') : String(nats.command ?? '');
    expect(command).toMatch(new RegExp(`(--config|-c)\\s+${configTarget.replace(/[.]/g, '\\.')}(\\s|$)`));

    const check = healthcheckCommand(nats);
    expect(check).toContain(':8222/healthz?js-enabled-only=true');
    expect(check).toMatch(/\bwget\b/); // the alpine image has busybox wget, not curl

    const config = readFileSync(join(root, 'deploy/nats/nats.conf'), 'utf8').replace(/#.*$/gm, '');
    const jetstream = /jetstream\s*[:=]?\s*\{([^}]*)\}/.exec(config);
    expect(jetstream).not.toBeNull();
    expect(jetstream![1]).toMatch(/sync_interval\s*[:=]\s*"?always"?/);
    const storeDir = /store_dir\s*[:=]\s*"?([^\s"]+)"?/.exec(jetstream![1]);
    expect(storeDir).not.toBeNull();
    expect(mounts.some((m) => m.endsWith(`:${storeDir![1]}`))).toBe(true);
    expect(config).toMatch(/^\s*(http|http_port|monitor_port)\s*[:=]\s*\S*8222/m);
  });
});

describe('service Dockerfiles', () => {
  const workspaces = ['libs', 'services'].flatMap((parent) =>
    readdirSync(join(root, parent))
      .filter((name) => existsSync(join(root, parent, name, 'package.json')))
      .map((name) => `${parent}/${name}`),
  );

  it.each(services)('$name: multi-stage, non-root, health-checked, starts dist/main.js', (row) => {
    const path = dockerfilePath(compose.services[row.name]);
    expect(path).toBe(`services/${row.name}/Dockerfile`);
    expect(existsSync(join(root, path!))).toBe(true);
    const steps = instructions(read(path!));

    expect(steps.filter((s) => s.op === 'FROM').length).toBeGreaterThan(1);
    const users = steps.filter((s) => s.op === 'USER').map((s) => s.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1]);
    // USER must come after the last FROM: a USER in a build stage does not carry over to the image.
    const lastFrom = steps.map((s) => s.op).lastIndexOf('FROM');
    expect(steps.slice(lastFrom).some((s) => s.op === 'USER')).toBe(true);

    const healthcheck = steps.slice(lastFrom).find((s) => s.op === 'HEALTHCHECK');
    expect(healthcheck?.args).toContain('/health/ready');
    expect(healthcheck?.args).not.toMatch(/^NONE\b/);
    expect(steps.slice(lastFrom).some((s) => s.op === 'ENV' && /\bNODE_ENV=production\b/.test(s.args))).toBe(
      true,
    );
    const exposed = steps.filter((s) => s.op === 'EXPOSE').flatMap((s) => s.args.split(/\s+/));
    expect(exposed).toContain(String(row.http));
    if (row.grpc) expect(exposed).toContain(String(row.grpc));

    const cmd = steps.filter((s) => s.op === 'CMD').pop();
    expect(JSON.parse(cmd!.args)).toEqual([
      'node',
      '--enable-source-maps',
      '--import',
      '@yiwang/platform/telemetry-register',
      `services/${row.name}/dist/main.js`,
    ]);
  });

  it.each(services)('$name: every COPY source exists and npm ci sees every workspace', (row) => {
    const steps = instructions(read(`services/${row.name}/Dockerfile`));
    const copies = steps.filter((s) => s.op === 'COPY' && !s.args.includes('--from='));
    for (const copy of copies) {
      const parts = copy.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      for (const source of parts.slice(0, -1))
        expect([source, existsSync(join(root, source))]).toEqual([source, true]);
    }
    // `npm ci` fails when a workspace the lockfile names has no package.json in the build context.
    const copied = copies.flatMap((c) => c.args.split(/\s+/));
    for (const workspace of workspaces) expect(copied).toContain(`${workspace}/package.json`);
    expect(copied).toContain('package-lock.json');
  });

  it('match their template (scripts/gen-dockerfiles.mjs --check)', () => {
    expect(() =>
      execFileSync(process.execPath, [join(root, 'scripts/gen-dockerfiles.mjs'), '--check'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('.dockerignore keeps local state out of the build context', () => {
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const wanted of ['node_modules', 'dist', '.git', '.data', '.nx']) {
      expect([wanted, patterns.some((p) => p === wanted || p === `**/${wanted}`)]).toEqual([wanted, true]);
    }
    // Nothing the Dockerfiles copy may be ignored.
    for (const needed of [
      'package.json',
      'package-lock.json',
      '.swcrc',
      'nx.json',
      'scripts',
      'libs',
      'services',
    ]) {
      expect(patterns).not.toContain(needed);
    }
  });
});
