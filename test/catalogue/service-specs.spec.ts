import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTO_ROOT, serviceCatalogue, type ServiceDeclaration } from '@yiwang/contracts';
import { loadConfig } from '@yiwang/platform';
import { testGatewaySecrets, testRegistrySecrets } from '@yiwang/testing';
import { loadServiceSpecs } from './service-specs.js';

const specs = await loadServiceSpecs();
const entries: readonly ServiceDeclaration[] = serviceCatalogue;

/**
 * Each service's ServiceSpec and config agree with its entry in the service catalogue
 * (libs/contracts/src/catalogue/services.ts): name, schema, HTTP and gRPC ports, proto package and files.
 */
describe.each(entries.map((e) => [e.name, e] as const))('%s: spec matches the catalogue', (name, entry) => {
  const spec = specs.get(name)!;
  const config = loadConfig(spec.configSchema as never, {
    DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
    NATS_URL: 'nats://127.0.0.1:4222',
    ...testRegistrySecrets(),
    ...testGatewaySecrets(),
  }) as { HTTP_PORT: number };

  it('name and schema', () => {
    expect({ name: spec.name, schema: spec.schema }).toEqual({ name: entry.name, schema: entry.schema });
  });

  it('HTTP and gRPC ports (config defaults), proto package and files', () => {
    expect(config.HTTP_PORT).toBe(entry.http);
    expect(
      spec.grpc && {
        port: spec.grpc.port(config as never),
        package: spec.grpc.package,
        protoFiles: [...spec.grpc.protoFiles],
      },
    ).toEqual(
      entry.grpc && {
        port: entry.grpc.port,
        package: entry.grpc.package,
        protoFiles: [...entry.grpc.protoFiles],
      },
    );
  });

  it('its .proto files declare exactly the catalogued gRPC services, in its package', () => {
    const declared = (entry.grpc?.protoFiles ?? []).flatMap((file) => {
      const text = readFileSync(join(PROTO_ROOT, file), 'utf8').replace(/\/\/.*$/gm, '');
      expect([file, /^package\s+([\w.]+);/m.exec(text)?.[1]]).toEqual([file, entry.grpc!.package]);
      return [...text.matchAll(/^service\s+(\w+)\s*\{/gm)].map((m) => m[1]);
    });
    expect(declared.sort()).toEqual([...(entry.grpc?.services ?? [])].sort());
  });
});

describe('the catalogue itself', () => {
  it('names, schemas, ports, address variables and streams are unique', () => {
    const unique = (values: unknown[]) => values.filter((v, i) => values.indexOf(v) !== i);
    expect(unique(entries.map((e) => e.name))).toEqual([]);
    expect(unique(entries.map((e) => e.schema))).toEqual([]);
    expect(unique(entries.flatMap((e) => [e.http, ...(e.grpc ? [e.grpc.port] : [])]))).toEqual([]);
    expect(unique(entries.flatMap((e) => (e.grpc ? [e.grpc.addressEnv] : [])))).toEqual([]);
    expect(unique(entries.flatMap((e) => e.streams))).toEqual([]);
  });

  it('every service calls only catalogued gRPC services, and every service but the gateway has a health URL', () => {
    const withGrpc = entries.filter((e) => e.grpc).map((e) => e.name);
    for (const entry of entries)
      expect([entry.name, entry.calls.filter((c) => !withGrpc.includes(c))]).toEqual([entry.name, []]);
    expect(entries.filter((e) => !e.healthEnv).map((e) => e.name)).toEqual(['gateway']);
  });
});
