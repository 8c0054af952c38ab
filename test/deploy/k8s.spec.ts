// Offline checks of deploy/k8s: every document is validated against the Kubernetes schemas bundled in
// kubernetes-models (no cluster, no kubeconform), unknown fields are rejected (the bundled schemas allow
// them, so a typo such as `readinesProbe:` would otherwise pass), and the pieces fit together: each
// Deployment has probes on the right paths, a non-root security context, its Service, PodDisruptionBudget
// and migration Job, with ports from the service catalogue (libs/contracts/src/catalogue/services.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { grpcServices, serviceCatalogue } from '@yiwang/contracts';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job, type IJob } from 'kubernetes-models/batch/v1/Job';
import { Ingress, type IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import {
  PodDisruptionBudget,
  type IPodDisruptionBudget,
} from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret, type ISecret } from 'kubernetes-models/v1/Secret';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const k8sDir = join(root, 'deploy/k8s');
const namespace = 'yiwang';

/** apiVersion + kind → model class and its module (whose .d.ts lists the fields) in kubernetes-models. */
const models: Record<string, { model: new (data: never) => { validate(): void }; module: string }> = {
  'v1 Namespace': { model: Namespace, module: 'v1/Namespace' },
  'v1 ConfigMap': { model: ConfigMap, module: 'v1/ConfigMap' },
  'v1 Secret': { model: Secret, module: 'v1/Secret' },
  'v1 Service': { model: Service, module: 'v1/Service' },
  'apps/v1 Deployment': { model: Deployment, module: 'apps/v1/Deployment' },
  'batch/v1 Job': { model: Job, module: 'batch/v1/Job' },
  'policy/v1 PodDisruptionBudget': { model: PodDisruptionBudget, module: 'policy/v1/PodDisruptionBudget' },
  'autoscaling/v2 HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    module: 'autoscaling/v2/HorizontalPodAutoscaler',
  },
  'networking.k8s.io/v1 Ingress': { model: Ingress, module: 'networking.k8s.io/v1/Ingress' },
};

// ---- unknown-field check, driven by the interfaces in kubernetes-models' .d.ts files ----
const modelsDir = join(root, 'node_modules/kubernetes-models');
type Field = { file?: string; array: boolean };
const fieldCache = new Map<string, Map<string, Field> | null>();

function resolveTypeFile(from: string, specifier: string): string {
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier.replace(/\.js$/, '.d.ts'));
  for (const base of [join(modelsDir, 'node_modules'), join(root, 'node_modules')]) {
    const candidate = join(base, `${specifier}.d.ts`);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find type file of ${specifier} (from ${from})`);
}

/** Field name → referenced interface file, for the first interface in a .d.ts; null for type aliases. */
function fieldsOf(file: string): Map<string, Field> | null {
  if (fieldCache.has(file)) return fieldCache.get(file)!;
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const [, name, specifier] of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) {
    imports.set(name, specifier);
  }
  const body = /^export interface \w+(?: extends [^{]+)? \{\n([\s\S]*?)\n\}/m.exec(text)?.[1];
  let fields: Map<string, Field> | null = null;
  if (body !== undefined) {
    fields = new Map();
    for (const [, name, type] of body.matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) {
      const array = /^Array<(\w+)>$/.exec(type);
      const ref = array ? array[1] : type;
      const specifier = imports.get(ref);
      fields.set(name, {
        array: Boolean(array),
        file: specifier && ref.startsWith('I') ? resolveTypeFile(file, specifier) : undefined,
      });
    }
  }
  fieldCache.set(file, fields);
  return fields;
}

function unknownFields(value: unknown, file: string, path: string, found: string[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return found;
  const fields = fieldsOf(file);
  if (!fields) return found;
  for (const [key, child] of Object.entries(value)) {
    const field = fields.get(key);
    if (!field) found.push(`${path}.${key}`);
    else if (field.file && field.array && Array.isArray(child)) {
      child.forEach((item, i) => unknownFields(item, field.file!, `${path}.${key}[${i}]`, found));
    } else if (field.file) unknownFields(child, field.file, `${path}.${key}`, found);
  }
  return found;
}

// ---- the manifests ----
type Doc = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } & Record<
  string,
  unknown
>;
const files = readdirSync(k8sDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const manifestFiles = files.filter((f) => f !== 'kustomization.yaml');
const documents: { file: string; index: number; doc: Doc }[] = [];
const yamlErrors: string[] = [];
for (const file of manifestFiles) {
  parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).forEach((document, index) => {
    for (const error of [...document.errors, ...document.warnings])
      yamlErrors.push(`${file}#${index}: ${error.message}`);
    const doc = document.toJS() as Doc | null;
    if (doc !== null) documents.push({ file, index, doc });
  });
}
const label = ({ file, doc }: { file: string; doc: Doc }) => `${file}: ${doc.kind}/${doc.metadata?.name}`;
const ofKind = <T>(kind: string) =>
  documents.filter((d) => d.doc.kind === kind).map((d) => d.doc as unknown as T);

const deployments = ofKind<IDeployment>('Deployment');
const k8sServices = ofKind<IService>('Service');
const jobs = ofKind<IJob>('Job');
const pdbs = ofKind<IPodDisruptionBudget>('PodDisruptionBudget');
const hpas = ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
const ingresses = ofKind<IIngress>('Ingress');
const configMaps = ofKind<IConfigMap>('ConfigMap');
const secrets = ofKind<ISecret>('Secret');

type ServiceRow = { name: string; http: number; grpc?: number };
const { services } = (await import(pathToFileURL(join(root, 'scripts/lib/services.mjs')).href)) as {
  services: ServiceRow[];
};

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  Boolean(selector) &&
  Object.keys(selector!).length > 0 &&
  Object.entries(selector!).every(([k, v]) => labels?.[k] === v);

const envValue = (container: IContainer, name: string) => container.env?.find((e) => e.name === name);

function portNumber(container: IContainer, port: string | number | undefined): number | undefined {
  if (typeof port === 'number')
    return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** What keeps a pod from running as root or gaining privileges; [] when all is well. */
function securityProblems(pod: IPodSpec): string[] {
  const problems: string[] = [];
  for (const c of pod.containers) {
    const runAsNonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
    const runAsUser = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
    if (runAsNonRoot !== true) problems.push(`${c.name}: runAsNonRoot is not true`);
    // The image says `USER node`; the kubelet can only verify runAsNonRoot against a numeric user.
    if (runAsUser === undefined || runAsUser === 0)
      problems.push(`${c.name}: runAsUser must be a non-zero UID`);
    if (c.securityContext?.allowPrivilegeEscalation !== false) {
      problems.push(`${c.name}: allowPrivilegeEscalation is not false`);
    }
    if (c.securityContext?.readOnlyRootFilesystem !== true) {
      problems.push(`${c.name}: readOnlyRootFilesystem is not true`);
    }
    if (!c.securityContext?.capabilities?.drop?.includes('ALL'))
      problems.push(`${c.name}: capabilities not dropped`);
    if (c.securityContext?.privileged) problems.push(`${c.name}: privileged`);
    const seccomp = c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      problems.push(`${c.name}: no seccomp profile`);
    if (!c.volumeMounts?.some((m) => m.mountPath === '/tmp')) problems.push(`${c.name}: no writable /tmp`);
  }
  return problems;
}

function httpGet(probe: IProbe | undefined, container: IContainer) {
  return { path: probe?.httpGet?.path, port: portNumber(container, probe?.httpGet?.port) };
}

describe('deploy/k8s manifests', () => {
  it('parse as YAML without errors or warnings', () => {
    expect(yamlErrors).toEqual([]);
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(documents.map((d) => [label(d), d] as const))(
    '%s: known kind, valid against the schema',
    (_, { doc }) => {
      const entry = models[`${doc.apiVersion} ${doc.kind}`];
      expect([`${doc.apiVersion} ${doc.kind}`, Boolean(entry)]).toEqual([
        `${doc.apiVersion} ${doc.kind}`,
        true,
      ]);
      expect(() => new entry.model(doc as never).validate()).not.toThrow();
      expect(unknownFields(doc, join(modelsDir, `${entry.module}.d.ts`), doc.kind!, [])).toEqual([]);
      expect(doc.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      if (doc.kind !== 'Namespace') expect(doc.metadata?.namespace).toBe(namespace);
    },
  );

  it('the unknown-field check catches a typo', () => {
    const doc = parse('spec: {template: {spec: {containers: [{name: a, readinesProbe: {}}]}}}');
    expect(unknownFields(doc, join(modelsDir, 'apps/v1/Deployment.d.ts'), 'Deployment', [])).toEqual([
      'Deployment.spec.template.spec.containers[0].readinesProbe',
    ]);
  });

  it('names each object once per kind and defines the namespace', () => {
    const keys = documents.map(({ doc }) => `${doc.kind}/${doc.metadata?.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(ofKind<Doc>('Namespace').map((n) => n.metadata?.name)).toEqual([namespace]);
  });

  it('kustomization.yaml lists every manifest but the secret template and the migration jobs', () => {
    const kustomization = parse(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8')) as {
      kind: string;
      namespace?: string;
      resources: string[];
    };
    expect(kustomization.kind).toBe('Kustomization');
    expect(kustomization.namespace).toBe(namespace);
    for (const resource of kustomization.resources)
      expect([resource, existsSync(join(k8sDir, resource))]).toEqual([resource, true]);
    const expected = manifestFiles.filter((f) => f !== 'secret.example.yaml' && f !== 'migrations.yaml');
    expect([...kustomization.resources].sort()).toEqual(expected);
  });

  it('has a Deployment for every service in the catalogue and nothing else', () => {
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(services.map((s) => s.name).sort());
  });

  describe.each(services)('$name', (row) => {
    const deployment = deployments.find((d) => d.metadata?.name === row.name)!;
    const pod = deployment?.spec?.template.spec;
    const podLabels = deployment?.spec?.template.metadata?.labels;
    const container = pod?.containers.find((c) => c.name === row.name) ?? pod?.containers[0];

    it('Deployment: replicas, selector, ports and env', () => {
      expect(deployment).toBeDefined();
      expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
      expect(selects(deployment.spec!.selector.matchLabels, podLabels)).toBe(true);
      expect(pod!.containers).toHaveLength(1);
      expect(container!.image).toMatch(new RegExp(`(^|/)${row.name}:[\\w.-]+$`));
      expect(portNumber(container!, 'http')).toBe(row.http);
      expect(portNumber(container!, 'grpc')).toBe(row.grpc);
      expect(envValue(container!, 'HTTP_PORT')?.value).toBe(String(row.http));
      expect(envValue(container!, 'GRPC_PORT')?.value).toBe(row.grpc ? String(row.grpc) : undefined);
      expect(envValue(container!, 'MIGRATIONS_RUN')?.value).toBe('false');
    });

    it('Deployment: configuration from the ConfigMap and DATABASE_URL from the Secret', () => {
      const fromConfigMaps = container!.envFrom?.map((e) => e.configMapRef?.name).filter(Boolean) ?? [];
      expect(fromConfigMaps.length).toBeGreaterThan(0);
      for (const name of fromConfigMaps) expect(configMaps.map((c) => c.metadata?.name)).toContain(name);
      const ref = envValue(container!, 'DATABASE_URL')?.valueFrom?.secretKeyRef;
      expect(ref).toBeDefined();
      expect(secrets.find((s) => s.metadata?.name === ref!.name)?.stringData?.[ref!.key]).toBeDefined();
      const available = new Set([
        ...(container!.env ?? []).map((e) => e.name),
        ...configMaps
          .filter((c) => fromConfigMaps.includes(c.metadata!.name))
          .flatMap((c) => Object.keys(c.data ?? {})),
      ]);
      for (const variable of ['DATABASE_URL', 'NATS_URL', 'NODE_ENV'])
        expect([...available]).toContain(variable);
    });

    it('Deployment: readiness /health/ready, liveness /health/live, a startup probe, on the HTTP port', () => {
      // Every service's /health/ready is its own; the gateway's also aggregates the others, so it is
      // probed on /health/ready/local.
      expect(httpGet(container!.readinessProbe, container!)).toEqual({
        path: row.name === 'gateway' ? '/health/ready/local' : '/health/ready',
        port: row.http,
      });
      expect(httpGet(container!.livenessProbe, container!)).toEqual({ path: '/health/live', port: row.http });
      expect(httpGet(container!.startupProbe, container!)).toEqual({ path: '/health/live', port: row.http });
      // Restarting a pod whose database is down only adds load: liveness must not check readiness.
      expect(container!.livenessProbe!.httpGet!.path).not.toBe('/health/ready');
    });

    it('Deployment: non-root, read-only, no privileges; resources; graceful shutdown', () => {
      expect(securityProblems(pod!)).toEqual([]);
      expect(pod!.automountServiceAccountToken).toBe(false);
      for (const kind of ['requests', 'limits'] as const) {
        expect(container!.resources?.[kind]?.cpu).toBeDefined();
        expect(container!.resources?.[kind]?.memory).toBeDefined();
      }
      expect(pod!.terminationGracePeriodSeconds).toBe(30);
      const preStop = container!.lifecycle?.preStop;
      expect(Boolean(preStop?.exec?.command?.length || preStop?.sleep)).toBe(true);
    });

    it('Deployment: Prometheus scrapes /metrics on the HTTP port', () => {
      const annotations = deployment.spec!.template.metadata?.annotations ?? {};
      expect(annotations['prometheus.io/scrape']).toBe('true');
      expect(annotations['prometheus.io/path']).toBe('/metrics');
      expect(annotations['prometheus.io/port']).toBe(String(row.http));
    });

    it('Service: selects the pods, http (and grpc) ports reach the container', () => {
      const service = k8sServices.find((s) => s.metadata?.name === row.name);
      expect(service).toBeDefined();
      expect(selects(service!.spec?.selector, podLabels)).toBe(true);
      const ports = Object.fromEntries(
        (service!.spec?.ports ?? []).map((p) => [
          p.name,
          { port: p.port, target: portNumber(container!, p.targetPort ?? p.port) },
        ]),
      );
      expect(ports.http).toEqual({ port: row.http, target: row.http });
      if (row.grpc) expect(ports.grpc).toEqual({ port: row.grpc, target: row.grpc });
      else expect(ports.grpc).toBeUndefined();
    });

    it('PodDisruptionBudget: covers the pods', () => {
      const matching = pdbs.filter((p) => selects(p.spec?.selector?.matchLabels, podLabels));
      expect(matching).toHaveLength(1);
      expect(matching[0].spec!.maxUnavailable ?? matching[0].spec!.minAvailable).toBeDefined();
    });

    it('migration Job: same image, runs dist/migrate.js, non-root, not behind the Service', () => {
      const job = jobs.find((j) =>
        j.spec?.template.spec?.containers.some((c) =>
          [...(c.command ?? []), ...(c.args ?? [])].includes(`services/${row.name}/dist/migrate.js`),
        ),
      );
      expect(job).toBeDefined();
      const jobPod = job!.spec!.template.spec!;
      const migrate = jobPod.containers[0];
      expect(migrate.image).toBe(container!.image);
      expect(migrate.command?.[0]).toBe('node');
      expect(['Never', 'OnFailure']).toContain(jobPod.restartPolicy);
      expect(job!.spec!.backoffLimit).toBeDefined();
      expect(securityProblems(jobPod)).toEqual([]);
      expect(envValue(migrate, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual(
        envValue(container!, 'DATABASE_URL')?.valueFrom?.secretKeyRef,
      );
      const jobLabels = job!.spec!.template.metadata?.labels;
      for (const service of k8sServices) expect(selects(service.spec?.selector, jobLabels)).toBe(false);
      for (const pdb of pdbs) expect(selects(pdb.spec?.selector?.matchLabels, jobLabels)).toBe(false);
      expect(selects(deployment.spec!.selector.matchLabels, jobLabels)).toBe(false);
    });
  });

  it('gateway reaches each service through its Service', () => {
    const gateway = deployments.find((d) => d.metadata?.name === 'gateway')!.spec!.template.spec!
      .containers[0];
    const exposes = (host: string, port: number) =>
      k8sServices.some((s) => s.metadata?.name === host && s.spec?.ports?.some((p) => p.port === port));
    for (const row of services.filter((s) => s.grpc)) {
      const variable = grpcServices.find((s) => s.name === row.name)!.grpc.addressEnv;
      expect([variable, envValue(gateway, variable)?.value]).toEqual([variable, `${row.name}:${row.grpc}`]);
    }
    for (const row of services.filter((s) => s.name !== 'gateway')) {
      const variable = `${row.name.toUpperCase().replace(/-/g, '_')}_HEALTH_URL`;
      const url = new URL(envValue(gateway, variable)?.value ?? 'http://missing:1/');
      expect([variable, url.pathname, exposes(url.hostname, Number(url.port))]).toEqual([
        variable,
        '/health/ready',
        true,
      ]);
    }
  });

  it('HorizontalPodAutoscalers for the services the catalogue autoscales (gateway, case)', () => {
    const autoscaled = serviceCatalogue.filter((s) => 'autoscale' in s.deploy).map((s) => s.name);
    expect(autoscaled.sort()).toEqual(['case', 'gateway']);
    expect(hpas.map((h) => h.spec?.scaleTargetRef.name).sort()).toEqual(autoscaled);
    for (const name of autoscaled) {
      const spec = hpas.find((h) => h.spec?.scaleTargetRef.name === name)?.spec;
      expect(spec?.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(spec?.minReplicas).toBeGreaterThanOrEqual(2);
      expect(spec?.maxReplicas).toBeGreaterThan(spec?.minReplicas ?? Infinity);
    }
    for (const hpa of hpas)
      expect(deployments.map((d) => d.metadata?.name)).toContain(hpa.spec?.scaleTargetRef.name);
  });

  it('the Ingress sends traffic to the gateway Service only', () => {
    expect(ingresses).toHaveLength(1);
    const gatewayService = k8sServices.find((s) => s.metadata?.name === 'gateway')!;
    const backends = ingresses[0]
      .spec!.rules!.flatMap((r) => r.http?.paths ?? [])
      .map((p) => p.backend.service);
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends) {
      expect(backend?.name).toBe('gateway');
      expect(
        gatewayService.spec!.ports!.some(
          (p) => p.name === backend?.port?.name || p.port === backend?.port?.number,
        ),
      ).toBe(true);
    }
  });

  it('secrets stay out of ConfigMaps; the Secret example holds placeholders only', () => {
    for (const configMap of configMaps)
      expect(Object.keys(configMap.data ?? {})).not.toContain('DATABASE_URL');
    expect(configMaps.some((c) => c.data?.NATS_URL?.startsWith('nats://'))).toBe(true);
    const example = documents.filter((d) => d.doc.kind === 'Secret').map((d) => d.file);
    expect([...new Set(example)]).toEqual(['secret.example.yaml']);
    for (const secret of secrets) {
      for (const value of Object.values(secret.stringData ?? {})) expect(value).toMatch(/CHANGE_ME/);
      expect(secret.data).toBeUndefined();
    }
  });
});
