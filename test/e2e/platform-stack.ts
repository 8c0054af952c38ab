import {
  ServiceProcess,
  freePort,
  testDatabaseUrl,
  testNatsPrefix,
  testNatsUrl,
  testRegistrySecrets,
} from '@yiwang/testing';

export interface PlatformStack {
  gateway: string;
  processes: Record<string, ServiceProcess>;
  ports: Record<string, { http: number; grpc?: number }>;
  stop(): Promise<void>;
}

const NAMES = ['case', 'grid', 'party-org', 'volunteer', 'funding'] as const;
const envName = (name: string) => name.toUpperCase().replace(/-/g, '_');

/** All six services as real processes on free ports, sharing this worker's database and a NATS namespace. */
export async function startPlatform(
  namespace: string,
  extraEnv: Record<string, string> = {},
): Promise<PlatformStack> {
  const common = {
    ...extraEnv,
    DATABASE_URL: testDatabaseUrl(),
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
  await Promise.all(Object.values(processes).map((p) => p.ready(45_000)));
  return {
    gateway: `http://127.0.0.1:${ports.gateway.http}`,
    processes,
    ports,
    stop: async () => {
      await Promise.all(Object.values(processes).map((p) => p.stop()));
    },
  };
}
