import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  downstreamServices,
  grpcServices,
  serviceCatalogue,
  type ServiceDeclaration,
} from '@yiwang/contracts';
import {
  ServiceProcess,
  repoRoot,
  freePort,
  testDatabaseUrl,
  testNatsPrefix,
  testNatsUrl,
  testGatewaySecrets,
  testRegistrySecrets,
  withStartLock,
} from '@yiwang/testing';

export interface TestUser {
  username: string;
  password: string;
}

export interface PlatformStack {
  gateway: string;
  /** The environment the services share (database, NATS namespace, registry keys): for a service's CLI. */
  env: Record<string, string>;
  /** Creates a user and logs in through the API; returns the bearer token. */
  tokenFor(role: string, unit: string | null, options?: { department?: string }): Promise<string>;
  createUser(role: string, unit: string | null, options?: { department?: string }): Promise<TestUser>;
  /** The same through `npm run gateway -- create-user` (the real command; a process per user). */
  createUserWithCli(role: string, unit: string | null, options?: { department?: string }): Promise<TestUser>;
  processes: Record<string, ServiceProcess>;
  ports: Record<string, { http: number; grpc?: number }>;
  stop(): Promise<void>;
}

/** The services behind the gateway, from the service catalogue (libs/contracts/src/catalogue/services.ts). */
const NAMES = serviceCatalogue.map((s) => s.name).filter((name) => name !== 'gateway');

/**
 * A service's own environment in the stack, from its catalogue entry: its ports, the addresses of the
 * services it calls, the readiness URLs of those behind it (the gateway) and its secrets.
 */
export function serviceEnv(
  name: string,
  ports: PlatformStack['ports'],
  secrets: Record<string, string>,
): Record<string, string> {
  const entry: ServiceDeclaration = serviceCatalogue.find((s) => s.name === name)!;
  const env: Record<string, string> = { HTTP_PORT: String(ports[name].http) };
  if (entry.grpc) env.GRPC_PORT = String(ports[name].grpc);
  for (const callee of grpcServices.filter((s) => entry.calls.includes(s.name)))
    env[callee.grpc.addressEnv] = `127.0.0.1:${ports[callee.name].grpc}`;
  if (name === 'gateway')
    for (const s of downstreamServices)
      env[s.healthEnv] = `http://127.0.0.1:${ports[s.name].http}/health/ready`;
  for (const { name: key } of entry.deploy.secretEnv?.keys ?? []) if (secrets[key]) env[key] = secrets[key];
  return env;
}

/** All six services as real processes on free ports, sharing this worker's database and a NATS namespace. */
export function startPlatform(
  namespace: string,
  extraEnv: Record<string, string> = {},
): Promise<PlatformStack> {
  return withStartLock(() => startPlatformNow(namespace, extraEnv));
}

async function startPlatformNow(
  namespace: string,
  extraEnv: Record<string, string> = {},
): Promise<PlatformStack> {
  const common = {
    // The gateway's keys are in the shared environment too: its CLI (audit-verify …) boots like the gateway.
    ...testGatewaySecrets(),
    ...extraEnv,
    // A test that kills its database brings its own (extraEnv.DATABASE_URL); the others share the worker's.
    DATABASE_URL: extraEnv.DATABASE_URL ?? testDatabaseUrl(),
    NATS_URL: testNatsUrl(),
    NATS_PREFIX: testNatsPrefix(namespace),
    DATABASE_POOL_SIZE: '4',
    SHUTDOWN_TIMEOUT_MS: '10000',
  };
  const ports: PlatformStack['ports'] = {};
  for (const entry of serviceCatalogue as readonly ServiceDeclaration[]) {
    ports[entry.name] = { http: await freePort(), grpc: entry.grpc ? await freePort() : undefined };
  }
  const processes: Record<string, ServiceProcess> = {};
  const secrets = { ...testRegistrySecrets(), ...testGatewaySecrets() };
  for (const name of NAMES) {
    processes[name] = ServiceProcess.start(name, { ...common, ...serviceEnv(name, ports, secrets) });
  }
  const gatewayEnv: Record<string, string> = { ...common, ...serviceEnv('gateway', ports, secrets) };
  processes.gateway = ServiceProcess.start('gateway', gatewayEnv);
  try {
    await Promise.all(Object.values(processes).map((p) => p.ready(90_000)));
  } catch (error) {
    // Never leave processes behind when the start fails: they would hold ports and CPU for later tests.
    await Promise.all(Object.values(processes).map((p) => p.stop('SIGKILL')));
    throw error;
  }
  const gateway = `http://127.0.0.1:${ports.gateway.http}`;
  // Users are written straight into the gateway's table with a real argon2id hash: starting the CLI for
  // each would cost seconds per user. `createUserWithCli` keeps the real command covered.
  const db = new pg.Pool({ connectionString: common.DATABASE_URL, max: 2 });
  db.on('error', () => undefined); // an idle connection lost (a test that kills its database) is replaced
  const createUser: PlatformStack['createUser'] = async (role, unit, options = {}) => {
    const username = `t${randomUUID().slice(0, 12)}`;
    const password = process.env.YIWANG_TEST_PASSWORD!;
    await db.query(
      `INSERT INTO gateway.users (id, username, display_name, password_hash, roles, unit_code, department_code)
       VALUES ($1, $2, $7, $3, $4, $5, $6)`,
      [
        randomUUID(),
        username,
        process.env.YIWANG_TEST_PASSWORD_HASH!,
        [role],
        unit,
        options.department ?? null,
        username,
      ],
    );
    return { username, password };
  };
  const createUserWithCli: PlatformStack['createUser'] = async (role, unit, options = {}) => {
    const username = `t${randomUUID().slice(0, 12)}`;
    const args = ['create-user', '--username', username, '--role', role];
    if (unit) args.push('--unit', unit);
    if (options.department) args.push('--department', options.department);
    const cli = ServiceProcess.start('gateway', common, 'cli.js', args);
    const code = await cli.exited();
    const password = /password: (\S+)/.exec(cli.stdoutText())?.[1];
    if (code !== 0 || !password) throw new Error(`create-user failed: ${cli.stderr.join('')}`);
    return { username, password };
  };
  return {
    gateway,
    env: { ...common, ...secrets },
    createUser,
    createUserWithCli,
    tokenFor: async (role, unit, options) => {
      const { username, password } = await createUser(role, unit, options);
      const response = await fetch(`${gateway}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`login failed: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    processes,
    ports,
    stop: async () => {
      await db.end();
      await Promise.all(Object.values(processes).map((p) => p.stop()));
      // Kept for a post-mortem of a failed run (gitignored): .test-artifacts/logs/<namespace>/<service>.log
      for (const [name, p] of Object.entries(processes))
        p.saveLogs(join(repoRoot, '.test-artifacts', 'logs', namespace, `${name}.log`));
    },
  };
}
