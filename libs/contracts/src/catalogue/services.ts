/**
 * The service catalogue: every service declared once. The launcher (`npm start`), the test stack, the
 * gateway's downstream clients and readiness checks, docker-compose.yml, deploy/k8s and the Dockerfiles are
 * derived from this list (scripts/gen-deploy.mjs writes the files; `npm run gen:check` fails on drift), and
 * each service's `*.service-spec.ts` is checked against its entry (test/catalogue).
 *
 * Plain data without imports on purpose: the .mjs scripts load this file too (scripts/lib/services.mjs).
 */

export interface GrpcDeclaration {
  /** Port the service serves gRPC on (its `GRPC_PORT` default). */
  readonly port: number;
  /** Proto package, e.g. `yiwang.case.v1`. */
  readonly package: string;
  /** Its .proto files, relative to libs/contracts/proto. */
  readonly protoFiles: readonly string[];
  /** The gRPC services those files declare (short names, in `package`). */
  readonly services: readonly string[];
  /** The variable a caller reads the service's address from, e.g. `CASE_GRPC_ADDR`. */
  readonly addressEnv: string;
}

export interface DeployDeclaration {
  /** Container resources: `large` 200m/256Mi requests, 1 CPU/512Mi limits; `small` half of that. */
  readonly size: 'small' | 'large';
  /** A HorizontalPodAutoscaler (70 % CPU) between these replica counts; none when absent. */
  readonly autoscale?: { readonly min: number; readonly max: number };
  /**
   * The way in from outside: the HTTP port published by Compose and behind the Kubernetes Ingress, and
   * the readiness path its probe uses when /health/ready also asks the services behind it.
   */
  readonly public?: { readonly readinessPath: string };
  /** Secret variables: from Secret `secret` in Kubernetes, from the shell (required) in Compose. */
  readonly secretEnv?: {
    readonly secret: string;
    readonly why: string;
    /** Its migration needs them too (the gateway's re-encrypts rows): the migration Job gets them. */
    readonly migrate?: boolean;
    readonly keys: readonly { readonly name: string; readonly hint: string }[];
  };
}

export interface ServiceDeclaration {
  /** Short name: folder under services/, image, Deployment and Compose service name. */
  readonly name: string;
  /** Its PostgreSQL schema. */
  readonly schema: string;
  /** HTTP port (health, metrics; the gateway's API). */
  readonly http: number;
  /** The readiness URL variable the gateway reads, e.g. `CASE_HEALTH_URL` (every service but the gateway). */
  readonly healthEnv?: string;
  readonly grpc?: GrpcDeclaration;
  /** Services whose gRPC API this one calls (it gets their `addressEnv`). */
  readonly calls: readonly string[];
  /** Event domains it publishes; each has a JetStream stream named after it (`party-org` → `PARTY_ORG`). */
  readonly streams: readonly string[];
  readonly deploy: DeployDeclaration;
}

export const serviceCatalogue = [
  {
    name: 'case',
    schema: 'case',
    http: 3101,
    healthEnv: 'CASE_HEALTH_URL',
    grpc: {
      port: 50051,
      package: 'yiwang.case.v1',
      protoFiles: [
        'yiwang/case/v1/case.proto',
        'yiwang/case/v1/assessment.proto',
        'yiwang/case/v1/attachments.proto',
        'yiwang/case/v1/calendar.proto',
        'yiwang/case/v1/responsibility.proto',
      ],
      services: [
        'CaseService',
        'AssessmentService',
        'CaseAttachmentService',
        'CalendarService',
        'ResponsibilityService',
      ],
      addressEnv: 'CASE_GRPC_ADDR',
    },
    calls: ['grid'],
    streams: ['case', 'calendar'],
    deploy: { size: 'large', autoscale: { min: 2, max: 6 } },
  },
  {
    name: 'grid',
    schema: 'grid',
    http: 3102,
    healthEnv: 'GRID_HEALTH_URL',
    grpc: {
      port: 50052,
      package: 'yiwang.grid.v1',
      protoFiles: [
        'yiwang/grid/v1/grid.proto',
        'yiwang/grid/v1/units.proto',
        'yiwang/grid/v1/location.proto',
        'yiwang/grid/v1/people.proto',
        'yiwang/grid/v1/imports.proto',
        'yiwang/grid/v1/sites.proto',
      ],
      services: [
        'GridService',
        'UnitService',
        'LocationService',
        'PeopleService',
        'ImportService',
        'SiteService',
      ],
      addressEnv: 'GRID_GRPC_ADDR',
    },
    calls: [],
    streams: ['registry'],
    deploy: {
      size: 'small',
      secretEnv: {
        secret: 'yiwang-registry-keys',
        why: 'Personal data in the registry: encryption keys and the lookup-hash key.',
        keys: [
          { name: 'REGISTRY_PII_KEYS', hint: 'id:base64 of 32 random bytes' },
          { name: 'REGISTRY_PII_ACTIVE_KEY', hint: 'a key id' },
          { name: 'REGISTRY_HMAC_KEY', hint: 'base64 of 32 random bytes' },
        ],
      },
    },
  },
  {
    name: 'party-org',
    schema: 'party_org',
    http: 3103,
    healthEnv: 'PARTY_ORG_HEALTH_URL',
    calls: [],
    streams: ['party-org'],
    deploy: { size: 'small' },
  },
  {
    name: 'volunteer',
    schema: 'volunteer',
    http: 3104,
    healthEnv: 'VOLUNTEER_HEALTH_URL',
    calls: [],
    streams: ['volunteer'],
    deploy: { size: 'small' },
  },
  {
    name: 'funding',
    schema: 'funding',
    http: 3105,
    healthEnv: 'FUNDING_HEALTH_URL',
    calls: [],
    streams: ['funding'],
    deploy: { size: 'small' },
  },
  {
    name: 'gateway',
    schema: 'gateway',
    http: 3000,
    calls: ['case', 'grid'],
    streams: [],
    deploy: {
      size: 'large',
      autoscale: { min: 2, max: 10 },
      public: { readinessPath: '/health/ready/local' },
      secretEnv: {
        secret: 'yiwang-gateway-keys',
        why: 'Encrypts webhook signing secrets at rest (the migration converts existing rows with it).',
        migrate: true,
        keys: [
          { name: 'WEBHOOK_SECRET_KEYS', hint: 'id:base64 of 32 random bytes' },
          { name: 'WEBHOOK_SECRET_ACTIVE_KEY', hint: 'a key id' },
        ],
      },
    },
  },
] as const satisfies readonly ServiceDeclaration[];

export type ServiceName = (typeof serviceCatalogue)[number]['name'];
type Entry = (typeof serviceCatalogue)[number];
/** Services with a gRPC API, and the variables their callers read the addresses from. */
export type GrpcServiceEntry = Extract<Entry, { grpc: GrpcDeclaration }>;
export type GrpcAddressEnv = GrpcServiceEntry['grpc']['addressEnv'];
/** Services behind the gateway, and the variables it reads their readiness URLs from. */
export type DownstreamEntry = Extract<Entry, { healthEnv: string }>;
export type HealthUrlEnv = DownstreamEntry['healthEnv'];

/** The entry of `name`; throws for a name that is not declared. */
export function serviceDeclaration<N extends ServiceName>(name: N): Extract<Entry, { name: N }> {
  const entry = serviceCatalogue.find((s) => s.name === name);
  if (!entry) throw new Error(`no service ${name} in the catalogue`);
  return entry as Extract<Entry, { name: N }>;
}

/** The gRPC services `N` calls (its `calls`), typed so their `addressEnv` names are known. */
export type CalleeEntry<N extends ServiceName> = Extract<
  GrpcServiceEntry,
  { name: Extract<Entry, { name: N }>['calls'][number] }
>;

export function calleesOf<N extends ServiceName>(name: N): readonly CalleeEntry<N>[] {
  const calls: readonly string[] = serviceDeclaration(name).calls;
  return grpcServices.filter((s) => calls.includes(s.name)) as CalleeEntry<N>[];
}

export const grpcServices: readonly GrpcServiceEntry[] = serviceCatalogue.filter(
  (s): s is GrpcServiceEntry => 'grpc' in s,
);
export const downstreamServices: readonly DownstreamEntry[] = serviceCatalogue.filter(
  (s): s is DownstreamEntry => 'healthEnv' in s,
);

/** Fully qualified name of a gRPC service in the catalogue, e.g. `yiwang.case.v1.AssessmentService`. */
export const grpcServiceName = (entry: GrpcServiceEntry, service: string): string =>
  `${entry.grpc.package}.${service}`;

/** The event domains with a stream, in catalogue order (each published by exactly one service). */
export const eventDomains: readonly string[] = serviceCatalogue.flatMap((s) => [...s.streams]);
