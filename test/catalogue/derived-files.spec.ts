import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { serviceCatalogue, type ServiceDeclaration } from '@yiwang/contracts';
import { repoRoot } from '@yiwang/testing';
import { gatewayConfigSchema } from '../../services/gateway/src/gateway.config.js';
import { serviceEnv } from '../e2e/platform-stack.js';

const entries: readonly ServiceDeclaration[] = serviceCatalogue;
const names = entries.map((e) => e.name);
const load = async <T>(path: string) => (await import(pathToFileURL(join(repoRoot, path)).href)) as T;

/**
 * Everything derived from the service catalogue (libs/contracts/src/catalogue/services.ts) agrees with it:
 * the generated deploy files and Dockerfiles (as `npm run gen:check`), and what is derived at run time —
 * the launcher's list, the test stack's environment, the test database's migrations, the gateway's config.
 */
describe('files derived from the service catalogue', () => {
  it.each(['scripts/gen-deploy.mjs', 'scripts/gen-dockerfiles.mjs'])(
    '%s --check finds no drift',
    (script) => {
      expect(() =>
        execFileSync(process.execPath, [join(repoRoot, script), '--check'], { stdio: 'pipe' }),
      ).not.toThrow();
    },
  );

  it("the launcher's service list (npm start) is the catalogue's", async () => {
    const { services } = await load<{ services: { name: string; http: number; grpc?: number }[] }>(
      'scripts/lib/services.mjs',
    );
    expect(services).toEqual(
      entries.map((e) => ({ name: e.name, http: e.http, ...(e.grpc ? { grpc: e.grpc.port } : {}) })),
    );
  });

  it('the test database migrates every catalogued service, in its schema', async () => {
    const { specs } = await load<{ specs: { name: string; schema: string }[] }>(
      'test/service-migrations.mjs',
    );
    expect(specs.map((s) => [s.name, s.schema])).toEqual(entries.map((e) => [e.name, e.schema]));
  });

  it('the test stack gives each service the variables docker-compose.yml gives it', () => {
    const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { environment: Record<string, string> }>;
    };
    const ports = Object.fromEntries(
      entries.map((e, i) => [e.name, { http: 40000 + i, grpc: e.grpc ? 41000 + i : undefined }]),
    );
    const secrets = Object.fromEntries(
      entries.flatMap((e) => e.deploy.secretEnv?.keys ?? []).map((k) => [k.name, 'a-secret']),
    );
    const shared = ['NODE_ENV', 'LOG_LEVEL', 'DATABASE_URL', 'NATS_URL', 'OTEL_SERVICE_NAME'];
    for (const name of names) {
      const fromCompose = Object.keys(compose.services[name].environment).filter((k) => !shared.includes(k));
      expect([name, Object.keys(serviceEnv(name, ports, secrets)).sort()]).toEqual([
        name,
        fromCompose.sort(),
      ]);
    }
  });

  it("the gateway's config reads every callee's address and every downstream health URL", () => {
    const keys = Object.keys(gatewayConfigSchema.shape ?? {});
    const gateway = entries.find((e) => e.name === 'gateway')!;
    for (const callee of entries.filter((e) => gateway.calls.includes(e.name)))
      expect(keys).toContain(callee.grpc!.addressEnv);
    for (const entry of entries.filter((e) => e.healthEnv)) expect(keys).toContain(entry.healthEnv);
  });
});
