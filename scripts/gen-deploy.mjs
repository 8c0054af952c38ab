// Deploy files derived from the service catalogue (libs/contracts/src/catalogue/services.ts): the service
// entries of docker-compose.yml (between its GENERATED markers; the rest of the file is hand-written),
// deploy/k8s/<service>.yaml, deploy/k8s/migrations.yaml and deploy/k8s/kustomization.yaml.
// `npm run gen` writes them, `npm run gen:check` fails when one differs: edit the catalogue or the
// templates here, never the generated text.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serviceCatalogue } from './lib/services.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BEGIN = '  # BEGIN GENERATED services: scripts/gen-deploy.mjs from the service catalogue';
const END = '  # END GENERATED services';
const VERSION = '0.1.0';
const SIZES = {
  large: { requests: ['200m', '256Mi'], limits: ["'1'", '512Mi'] },
  small: { requests: ['100m', '192Mi'], limits: ["'500m'", '384Mi'] },
};

const byName = new Map(serviceCatalogue.map((s) => [s.name, s]));
const callees = (s) => s.calls.map((name) => byName.get(name)).filter((c) => c?.grpc);
/** The services behind a public entry point (it waits for them and checks their readiness). */
const behind = (s) => (s.deploy.public ? serviceCatalogue.filter((d) => d.healthEnv) : []);
const indent = (text, n) =>
  text
    .split('\n')
    .map((line) => (line ? ' '.repeat(n) + line : line))
    .join('\n');

// ---- docker-compose.yml ----
export function renderComposeServices() {
  return serviceCatalogue.map(composeService).join('\n');
}

function composeService(s) {
  const env = [
    `HTTP_PORT: '${s.http}'`,
    ...(s.grpc ? [`GRPC_PORT: '${s.grpc.port}'`] : []),
    `OTEL_SERVICE_NAME: ${s.name}`,
    ...callees(s).map((c) => `${c.grpc.addressEnv}: ${c.name}:${c.grpc.port}`),
    ...behind(s).map((d) => `${d.healthEnv}: http://${d.name}:${d.http}/health/ready`),
  ];
  const secrets = s.deploy.secretEnv;
  if (secrets) {
    env.push(
      `# ${secrets.why}`,
      '# Set your own, from the shell or an .env file beside this one (`openssl rand -base64 32` makes a key).',
      ...secrets.keys.map((k) => `${k.name}: \${${k.name}:?set ${k.name} (${k.hint})}`),
    );
  }
  const waits = behind(s);
  return [
    `  ${s.name}:`,
    '    <<: *app',
    '    build:',
    '      context: .',
    `      dockerfile: services/${s.name}/Dockerfile`,
    `    image: yiwang/${s.name}:local`,
    ...(waits.length
      ? [
          '    depends_on:',
          '      <<: *infra-dependencies',
          ...waits.flatMap((d) => [`      ${d.name}:`, '        condition: service_healthy']),
        ]
      : []),
    '    environment:',
    '      <<: *app-environment',
    ...env.map((line) => `      ${line}`),
    ...(s.deploy.public ? ['    ports:', `      - '${s.http}:${s.http}'`] : []),
    '',
  ].join('\n');
}

export function renderCompose(current) {
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`docker-compose.yml: the markers "${BEGIN}" … "${END}" are missing`);
  return `${current.slice(0, start)}${BEGIN}\n${renderComposeServices()}${current.slice(end)}`;
}

// ---- deploy/k8s ----
const labels = (name, component = 'server') => `app.kubernetes.io/name: ${name}
app.kubernetes.io/part-of: yiwang
app.kubernetes.io/component: ${component}`;
const selector = (name) => `app.kubernetes.io/name: ${name}
app.kubernetes.io/component: server`;
const meta = (name, component, app = name) => `metadata:
  name: ${name}
  namespace: yiwang
  labels:
${indent(labels(app, component), 4)}`;

const POD_SECURITY = `securityContext:
  runAsNonRoot: true
  runAsUser: 1000
  runAsGroup: 1000
  fsGroup: 1000
  seccompProfile:
    type: RuntimeDefault`;
const CONTAINER_SECURITY = `securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities:
    drop: ['ALL']
volumeMounts:
  - name: tmp
    mountPath: /tmp`;
const TMP_VOLUME = `volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 64Mi`;
const DATABASE_URL = `- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: yiwang-secrets
      key: DATABASE_URL`;

/** DATABASE_URL and the service's own secrets, each from its Secret. */
function secretEnv(s) {
  const lines = [DATABASE_URL];
  const secrets = s.deploy.secretEnv;
  if (secrets) {
    lines.push(`# ${secrets.why}`);
    for (const k of secrets.keys)
      lines.push(`- name: ${k.name}
  valueFrom:
    secretKeyRef:
      name: ${secrets.secret}
      key: ${k.name}`);
  }
  return lines;
}

function containerEnv(s) {
  const value = (name, v) => `- name: ${name}\n  value: ${v}`;
  const lines = secretEnv(s);
  lines.push(value('HTTP_PORT', `'${s.http}'`));
  if (s.grpc) lines.push(value('GRPC_PORT', `'${s.grpc.port}'`));
  lines.push(value('OTEL_SERVICE_NAME', s.name));
  lines.push(
    `# Migrations run before the rollout: job ${s.name}-migrate.`,
    value('MIGRATIONS_RUN', "'false'"),
  );
  for (const c of callees(s)) lines.push(value(c.grpc.addressEnv, `${c.name}:${c.grpc.port}`));
  for (const d of behind(s)) lines.push(value(d.healthEnv, `http://${d.name}:${d.http}/health/ready`));
  return lines.join('\n');
}

function readiness(s) {
  if (!s.deploy.public) return 'path: /health/ready';
  return `# The gateway's own readiness: /health/ready also asks every service, and one unready
# service must not take every gateway replica out of the Ingress.
path: ${s.deploy.public.readinessPath}`;
}

function deployment(s) {
  const size = SIZES[s.deploy.size];
  return `apiVersion: apps/v1
kind: Deployment
${meta(s.name)}
spec:
  replicas: 2
  revisionHistoryLimit: 5
  selector:
    matchLabels:
${indent(selector(s.name), 6)}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
${indent(labels(s.name), 8)}
      annotations:
        prometheus.io/scrape: 'true'
        prometheus.io/port: '${s.http}'
        prometheus.io/path: /metrics
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 30
${indent(POD_SECURITY, 6)}
      topologySpreadConstraints:
${['topology.kubernetes.io/zone', 'kubernetes.io/hostname']
  .map(
    (key) => `        - maxSkew: 1
          topologyKey: ${key}
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
${indent(selector(s.name), 14)}`,
  )
  .join('\n')}
      containers:
        - name: ${s.name}
          image: yiwang/${s.name}:${VERSION}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: ${s.http}
${s.grpc ? `            - name: grpc\n              containerPort: ${s.grpc.port}\n` : ''}          envFrom:
            - configMapRef:
                name: yiwang-config
          env:
${indent(containerEnv(s), 12)}
          resources:
            requests:
              cpu: ${size.requests[0]}
              memory: ${size.requests[1]}
            limits:
              cpu: ${size.limits[0]}
              memory: ${size.limits[1]}
          # Boot takes seconds; liveness and readiness start once this passes.
          startupProbe:
            httpGet:
              path: /health/live
              port: http
            periodSeconds: 2
            timeoutSeconds: 2
            failureThreshold: 30
          # Ready: database and NATS answer, not draining. Failing it only takes
          # the pod out of rotation; liveness (restarts) checks the event loop.
          readinessProbe:
            httpGet:
${indent(readiness(s), 14)}
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          livenessProbe:
            httpGet:
              path: /health/live
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          lifecycle:
            # Endpoint removal is asynchronous: serve on while kube-proxy and
            # the ingress catch up, then SIGTERM starts the app's own drain
            # (SHUTDOWN_TIMEOUT_MS). 5 s + 20 s < 30 s grace.
            preStop:
              exec:
                command: ['sleep', '5']
${indent(CONTAINER_SECURITY, 10)}
${indent(TMP_VOLUME, 6)}
`;
}

function service(s) {
  const grpc = s.grpc
    ? `
    - name: grpc
      port: ${s.grpc.port}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc`
    : '';
  return `apiVersion: v1
kind: Service
${meta(s.name)}
spec:
  type: ClusterIP
  selector:
${indent(selector(s.name), 4)}
  ports:
    - name: http
      port: ${s.http}
      targetPort: http
      protocol: TCP${grpc}
`;
}

const pdb = (s) => `apiVersion: policy/v1
kind: PodDisruptionBudget
${meta(s.name)}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
${indent(selector(s.name), 6)}
`;

const hpa = (s) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
${meta(s.name)}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${s.name}
  minReplicas: ${s.deploy.autoscale.min}
  maxReplicas: ${s.deploy.autoscale.max}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
`;

const ingress = (s) => `# Only the API leaves the cluster: /health/* and /metrics stay internal.
# Host, ingress class and TLS secret are placeholders for the cluster's own.
apiVersion: networking.k8s.io/v1
kind: Ingress
${meta(s.name)}
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 1m
spec:
  ingressClassName: nginx
  tls:
    - hosts:
        - yiwang.example.com
      secretName: yiwang-tls
  rules:
    - host: yiwang.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: ${s.name}
                port:
                  name: http
`;

const GENERATED = '# GENERATED by scripts/gen-deploy.mjs from libs/contracts/src/catalogue/services.ts.';

export function renderK8sService(s) {
  const kinds = [
    'Deployment',
    'Service',
    'PodDisruptionBudget',
    ...(s.deploy.autoscale ? ['HPA'] : []),
    ...(s.deploy.public ? ['Ingress'] : []),
  ];
  const docs = [deployment(s), service(s), pdb(s), ...(s.deploy.autoscale ? [hpa(s)] : [])];
  if (s.deploy.public) docs.push(ingress(s));
  return `${GENERATED}
# ${s.name}: ${kinds.join(', ')}.
# Its migration job, ${s.name}-migrate, is in migrations.yaml (README.md).
---
${docs.join('---\n')}`;
}

const job = (s) => `apiVersion: batch/v1
kind: Job
${meta(`${s.name}-migrate`, 'migration', s.name)}
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 86400
  template:
    metadata:
      labels:
${indent(labels(s.name, 'migration'), 8)}
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
${indent(POD_SECURITY, 6)}
      containers:
        - name: migrate
          image: yiwang/${s.name}:${VERSION}
          imagePullPolicy: IfNotPresent
          command:
            - node
            - --enable-source-maps
            - services/${s.name}/dist/migrate.js
          env:
${indent((s.deploy.secretEnv?.migrate ? secretEnv(s) : [DATABASE_URL]).join('\n'), 12)}
          resources:
            requests:
              cpu: 50m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
${indent(CONTAINER_SECURITY, 10)}
${indent(TMP_VOLUME, 6)}
`;

export function renderMigrations() {
  return `${GENERATED}
# One migration Job per service, in the service's image. Apply them and
# wait for them before the Deployments of a release, which run with
# MIGRATIONS_RUN=false (README.md). Each service migrates its own schema
# under a PostgreSQL advisory lock: the jobs may run in parallel, and
# re-running one is harmless. Jobs are immutable: delete the previous
# release's before applying (README.md); finished jobs go after a day.
---
${serviceCatalogue.map(job).join('---\n')}`;
}

export function renderKustomization() {
  return `${GENERATED}
# \`kubectl apply -k deploy/k8s\` applies the running system. Left out on
# purpose (README.md):
#   secret.example.yaml  a template: create the yiwang-secrets Secret yourself
#   migrations.yaml      the migration Jobs, applied and awaited first
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: yiwang
resources:
  - namespace.yaml
  - configmap.yaml
${serviceCatalogue.map((s) => `  - ${s.name}.yaml`).join('\n')}
`;
}

/** Every derived deploy file: path (from the root) → wanted text. */
export function deployFiles() {
  const files = new Map();
  const compose = join(root, 'docker-compose.yml');
  files.set('docker-compose.yml', renderCompose(readFileSync(compose, 'utf8')));
  for (const s of serviceCatalogue) files.set(`deploy/k8s/${s.name}.yaml`, renderK8sService(s));
  files.set('deploy/k8s/migrations.yaml', renderMigrations());
  files.set('deploy/k8s/kustomization.yaml', renderKustomization());
  return files;
}

/** Writes (or with check, lists) the deploy files that differ from what the catalogue gives. */
export function generateDeploy({ check }) {
  const stale = [];
  for (const [path, wanted] of deployFiles()) {
    const file = join(root, path);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === wanted) continue;
    stale.push(path);
    if (!check) writeFileSync(file, wanted);
  }
  return stale;
}

// `node scripts/gen-deploy.mjs [--check]`: the deploy files alone (npm run gen does them with the rest).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const check = process.argv.includes('--check');
  const stale = generateDeploy({ check });
  if (check && stale.length > 0) {
    process.stderr.write(`Out of date with the service catalogue (run npm run gen): ${stale.join(', ')}\n`);
    process.exit(1);
  }
}
