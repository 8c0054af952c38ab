import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
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

const NAMES = ['case', 'grid', 'party-org', 'volunteer', 'funding'] as const;
const envName = (name: string) => name.toUpperCase().replace(/-/g, '_');

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
  for (const name of [...NAMES, 'gateway']) {
    ports[name] = {
      http: await freePort(),
      grpc: name === 'case' || name === 'grid' ? await freePort() : undefined,
    };
  }
  const processes: Record<string, ServiceProcess> = {};
  const secrets = testRegistrySecrets();
  for (const name of NAMES) {
    processes[name] = ServiceProcess.start(name, {
      ...common,
      ...(name === 'grid' ? secrets : {}),
      // The case service asks the registry to resolve locations and list departments.
      ...(name === 'case' ? { GRID_GRPC_ADDR: `127.0.0.1:${ports.grid.grpc}` } : {}),
      HTTP_PORT: String(ports[name].http),
      ...(ports[name].grpc ? { GRPC_PORT: String(ports[name].grpc) } : {}),
    });
  }
  const gatewayEnv: Record<string, string> = {
    ...common,
    HTTP_PORT: String(ports.gateway.http),
    CASE_GRPC_ADDR: `127.0.0.1:${ports.case.grpc}`,
    GRID_GRPC_ADDR: `127.0.0.1:${ports.grid.grpc}`,
  };
  for (const name of NAMES)
    gatewayEnv[`${envName(name)}_HEALTH_URL`] = `http://127.0.0.1:${ports[name].http}/health/ready`;
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
