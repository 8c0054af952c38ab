import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  PlatformModule,
  createLogger,
  loadServiceConfig,
  migrateService,
  setRootLogger,
} from '@yiwang/platform';
import { AnchorError, anchorLine, readAnchors, type AuditAnchor } from '../audit/audit-anchor.js';
import { AuditAnchorService } from '../audit/audit-anchor.service.js';
import { verifyAuditChain } from '../audit/audit-verify.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuthService } from '../auth/auth.service.js';
import { LoginThrottleRepository } from '../auth/login-throttle.repository.js';
import { RefreshTokenRepository } from '../auth/refresh-token.repository.js';
import { isRole } from '@yiwang/contracts';
import { SigningKeyRepository } from '../auth/signing-key.repository.js';
import { SigningKeysService } from '../auth/signing-keys.service.js';
import { TokenService } from '../auth/token.service.js';
import { UserRepository } from '../auth/user.repository.js';
import { ApiClientRepository } from '../clients/api-client.repository.js';
import { ApiClientsService } from '../clients/api-clients.service.js';
import { gatewayServiceSpec } from '../gateway.service-spec.js';
import { demoUsers, randomPassword, type DemoUnits } from './demo-users.js';

const USAGE = `npm run gateway -- <command>

  create-user --username NAME --role ROLE [--unit CODE] [--department CODE] [--name DISPLAY]
        creates a user of the built-in identity provider; prints a generated password once
  create-client --name NAME --unit CODE --department CODE [--rate PER_SECOND] [--burst N]
        creates a departmental API client (role department_system); prints its id and secret once
        (use the secret with the client-credentials grant or as an X-API-Key)
  seed-demo-users --city C --district D --street S --community C --grid G --out FILE
        demo only: one user per role with a random password, written to FILE as
        [{"username","password","role","unit"}]; existing demo users keep the passwords in FILE
  audit-verify [--anchor FILE|SEQ:HASH]
        walks the audit log's hash chain; prints the first broken row and why (modified, deleted,
        reordered) and exits 1 when the chain was tampered with. With --anchor, the chain must also pass
        through every anchored head (a file written by audit-anchor, or one seq:hash): a rebuilt history
        is "rewritten", rows cut off the end are "deleted"
  audit-anchor [--file FILE] [--url URL]
        prints the chain head (row, hash, time), appends it as a JSON line to FILE and POSTs it to URL
        (defaults: AUDIT_ANCHOR_FILE, AUDIT_ANCHOR_URL); exits 1 when it could not be written or posted
`;

@Module({
  providers: [
    AuthService,
    UserRepository,
    RefreshTokenRepository,
    LoginThrottleRepository,
    TokenService,
    SigningKeysService,
    SigningKeyRepository,
    AuditRepository,
    AuditAnchorService,
    ApiClientRepository,
    ApiClientsService,
  ],
})
class AuthCliModule {}

export async function runGatewayCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const options = parseOptions(rest);
  const config = loadServiceConfig(gatewayServiceSpec);
  setRootLogger(createLogger('gateway-cli', 'warn'));
  await migrateService(gatewayServiceSpec, config);

  @Module({ imports: [PlatformModule.forContext(gatewayServiceSpec, config), AuthCliModule] })
  class CliModule {}

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    if (command === 'create-user') return await createUser(app, options);
    if (command === 'create-client') return await createClient(app, options);
    if (command === 'seed-demo-users') return await seedDemoUsers(app, options);
    if (command === 'audit-verify') return await auditVerify(app, options);
    if (command === 'audit-anchor') return await auditAnchor(app, options);
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  } finally {
    await app.close();
  }
}

function parseOptions(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith('--') || args[i + 1] === undefined)
      throw new Error(`expected --option value, got ${args[i]}`);
    out[args[i].slice(2)] = args[i + 1];
  }
  return out;
}

async function createUser(app: INestApplicationContext, o: Record<string, string>): Promise<number> {
  if (!o.username || !o.role || !isRole(o.role)) {
    process.stderr.write(`create-user needs --username and a valid --role\n\n${USAGE}`);
    return 2;
  }
  const password = randomPassword();
  await app.get(AuthService).createUser({
    username: o.username,
    displayName: o.name ?? o.username,
    password,
    roles: [o.role],
    unitCode: o.unit ?? null,
    departmentCode: o.department ?? null,
  });
  process.stdout.write(
    `created ${o.username} (${o.role}); password: ${password}\n(shown once; change it after the first login)\n`,
  );
  return 0;
}

async function createClient(app: INestApplicationContext, o: Record<string, string>): Promise<number> {
  if (!o.name || !o.unit || !o.department) {
    process.stderr.write(`create-client needs --name, --unit and --department\n\n${USAGE}`);
    return 2;
  }
  const rate = o.rate === undefined ? undefined : Number(o.rate);
  const burst = o.burst === undefined ? undefined : Number(o.burst);
  if (
    (rate !== undefined && !(rate > 0)) ||
    (burst !== undefined && !(Number.isInteger(burst) && burst > 0))
  ) {
    process.stderr.write('--rate must be a positive number and --burst a positive integer\n');
    return 2;
  }
  // The operator at the console has the database: the whole tree is in scope.
  const operator = {
    subject: 'cli',
    roles: [],
    permissions: [],
    scopePath: null,
    department: null,
    kind: 'service' as const,
  };
  const { client, secret } = await app.get(ApiClientsService).create(operator, {
    name: o.name,
    unitCode: o.unit,
    departmentCode: o.department,
    ratePerSecond: rate,
    rateBurst: burst,
  });
  process.stdout.write(
    `created client ${client.name} (${client.roles.join(',')}) @ ${client.unitCode} / ${client.departmentCode}\n` +
      `client_id: ${client.id}\nclient_secret: ${secret}\n(shown once; it is also the client's API key)\n`,
  );
  return 0;
}

async function seedDemoUsers(app: INestApplicationContext, o: Record<string, string>): Promise<number> {
  const units: DemoUnits = {
    city: o.city,
    district: o.district,
    street: o.street,
    community: o.community,
    grid: o.grid,
  };
  if (Object.values(units).some((v) => !v) || !o.out) {
    process.stderr.write(`seed-demo-users needs --city --district --street --community --grid --out\n`);
    return 2;
  }
  const previous: { username: string; password: string }[] = existsSync(o.out)
    ? JSON.parse(readFileSync(o.out, 'utf8'))
    : [];
  const auth = app.get(AuthService);
  const users = app.get(UserRepository);
  const written = [];
  for (const demo of demoUsers(units)) {
    const known = previous.find((p) => p.username === demo.username);
    const existing = await users.findByUsername(demo.username);
    let password = known?.password ?? randomPassword();
    if (!existing) {
      await auth.createUser({
        username: demo.username,
        displayName: demo.displayName,
        password,
        roles: [demo.role],
        unitCode: demo.unit,
        departmentCode: demo.department,
      });
    } else if (!known) {
      password = randomPassword();
      await auth.resetPassword(demo.username, password);
    }
    written.push({
      username: demo.username,
      password,
      role: demo.role,
      unit: demo.unit,
      department: demo.department,
    });
  }
  writeFileSync(o.out, JSON.stringify(written, null, 2), { mode: 0o600 });
  for (const u of written)
    process.stdout.write(`  ${u.username.padEnd(18)} ${u.password}  ${u.role} @ ${u.unit}\n`);
  return 0;
}

async function auditVerify(app: INestApplicationContext, o: Record<string, string>): Promise<number> {
  let anchors: AuditAnchor[] = [];
  try {
    // Read before the walk reads the head: every anchor is then older than the head it is checked against.
    if (o.anchor) anchors = await readAnchors(o.anchor);
  } catch (error) {
    if (!(error instanceof AnchorError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const started = Date.now();
  const result = await verifyAuditChain(
    app.get(AuditRepository),
    (checked) => {
      if (checked % 100_000 === 0) process.stderr.write(`  ${checked} rows checked\n`);
    },
    anchors,
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    process.stdout.write(
      `audit chain intact: ${result.checked} rows in ${seconds} s; head row ${result.head.seq} hash ${result.head.hash}\n` +
        (anchors.length > 0 ? `passes through all ${result.anchorsChecked} anchored heads\n` : ''),
    );
    return 0;
  }
  const broken = result.broken!;
  process.stdout.write(
    `audit chain BROKEN at row ${broken.seq} (${broken.reason}): ${broken.detail}\n` +
      `${result.checked} rows before it are intact\n`,
  );
  return 1;
}

async function auditAnchor(app: INestApplicationContext, o: Record<string, string>): Promise<number> {
  const service = app.get(AuditAnchorService);
  try {
    const { anchor, done } = await service.anchor({ file: o.file, url: o.url });
    process.stdout.write(`${anchorLine(anchor)}\n${done.map((d) => `${d}\n`).join('')}`);
    return 0;
  } catch (error) {
    process.stderr.write(`audit anchor not published: ${(error as Error).message}\n`);
    return 1;
  }
}
