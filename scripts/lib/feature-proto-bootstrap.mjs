// A service without a gRPC API yet (party-org, volunteer, funding as skeletons) gets one with its first
// routed feature: its own proto package, declared in the service catalogue (so the gateway builds the
// client, the deploy files publish the port and the gateway gets its address), served by the service.

/** `party-org` → `party_org`: proto packages and their folders have no hyphens (buf lint). */
export const protoDir = (service) => service.replace(/-/g, '_');

/** The .proto a routed feature's rpc goes into, relative to libs/contracts/proto. */
export const mainProto = (service) => `yiwang/${protoDir(service)}/v1/${protoDir(service)}.proto`;

/** `party-org` → `partyOrgV1`, the namespace libs/contracts exports the generated code under. */
export const protoNamespace = (service) => `${service.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())}V1`;

export function protoHeader(service) {
  return `syntax = "proto3";

// The ${service} service's gRPC API: what the gateway (and other services) ask it now. Facts others react
// to are events (libs/contracts/src/subjects), not calls.
package yiwang.${protoDir(service)}.v1;
`;
}

/**
 * The catalogue entry of `service` with a gRPC declaration (the next free gRPC port), and `service` in the
 * gateway's `calls`. Returns the new text and the port, or a reason it cannot.
 */
export function declareGrpc(text, service, grpcService) {
  const entry = text.indexOf(`name: '${service}',`);
  if (entry < 0) return { problem: `no entry for ${service}` };
  const next = text.indexOf('\n  {', entry);
  const block = text.slice(entry, next < 0 ? undefined : next);
  if (block.includes('grpc: {')) return { problem: `${service} declares gRPC already` };
  const ports = [...text.matchAll(/grpc: \{\s*port: (\d+)/g)].map((m) => Number(m[1]));
  const port = Math.max(50050, ...ports) + 1;
  const calls = block.indexOf('calls: [');
  if (calls < 0) return { problem: `no calls: [] in the entry of ${service}` };
  const grpc = `grpc: {
      port: ${port},
      package: 'yiwang.${protoDir(service)}.v1',
      protoFiles: ['${mainProto(service)}'],
      services: ['${grpcService}'],
      addressEnv: '${protoDir(service).toUpperCase()}_GRPC_ADDR',
    },
    `;
  let out = text.slice(0, entry + calls) + grpc + text.slice(entry + calls);
  const gateway = out.indexOf(`name: 'gateway',`);
  const gatewayCalls = out.indexOf('calls: [', gateway);
  if (gateway < 0 || gatewayCalls < 0) return { problem: 'no calls: [] in the gateway entry' };
  const close = out.indexOf(']', gatewayCalls);
  const listed = out.slice(gatewayCalls + 'calls: ['.length, close).trim();
  out = `${out.slice(0, close)}${listed ? ', ' : ''}'${service}'${out.slice(close)}`;
  return { text: out, port };
}

/** The service's config with its GRPC_PORT default (the catalogue's port; test/catalogue checks they match). */
export function configWithGrpcPort(text, port) {
  const http = /^(\s*)HTTP_PORT: env\.port\(\d+\),$/m.exec(text);
  if (!http) return null;
  return text.replace(http[0], `${http[0]}\n${http[1]}GRPC_PORT: env.port(${port}),`);
}

/** The service's spec serving its catalogue gRPC declaration, with its entities from database/entities.ts. */
export function specWithGrpc(text, service, entitiesName) {
  if (!/\n\s*module: \(\) => AppModule,\n/.test(text)) return null;
  let out = text.replace(
    /(\n\s*)module: \(\) => AppModule,\n/,
    `$1module: () => AppModule,$1grpc: {$1  package: serviceDeclaration('${service}').grpc.package,$1  protoFiles: serviceDeclaration('${service}').grpc.protoFiles,$1  port: (config) => config.GRPC_PORT,$1},\n`,
  );
  out = `import { serviceDeclaration } from '@yiwang/contracts';\n${out}`;
  return entitiesName ? specWithEntities(out, entitiesName) : out;
}

/** `entities: []` (a skeleton) → the list in database/entities.ts, where features register theirs. */
export function specWithEntities(text, entitiesName) {
  if (!/\bentities: \[\],/.test(text)) return text;
  return `import { ${entitiesName} } from './database/entities.js';\n${text.replace(
    /\bentities: \[\],/,
    `entities: ${entitiesName},`,
  )}`;
}

/** A skeleton's entity list, which the generator registers the feature's entity in at once. */
export function entitiesFile(service, entitiesName) {
  return `/** Every entity of the ${service} service: its spec's \`entities\`, checked against its migrations. */
export const ${entitiesName} = [];
`;
}
