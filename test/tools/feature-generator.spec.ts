import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `npm run generate -- feature` into a copy of the repository (the checkout itself is never written):
 * the generated feature typechecks, and its generated service-level test passes on a database copied
 * from this run's migrated template, its new migration applied by createServiceTestApp.
 */
describe('feature generator', () => {
  const copy = mkdtempSync(join(tmpdir(), 'yiwang-generate-'));
  const runId = `${process.env.YIWANG_TEST_RUN_ID}g${Math.random().toString(36).slice(2, 6)}`;
  const database = `yiwang_test_${runId}_w1`;
  const admin = () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = '/postgres';
    return new pg.Client({ connectionString: url.toString() });
  };
  const repoStatus = () => execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
  let statusBefore: string;

  beforeAll(() => {
    statusBefore = repoStatus();
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      try {
        cpSync(join(root, file), join(copy, file));
      } catch {
        // deleted in the working tree but still in the index
      }
    }
    // The copy's own workspace packages (the generator changes libs/contracts), everything else shared.
    mkdirSync(join(copy, 'node_modules/@yiwang'), { recursive: true });
    for (const entry of readdirSync(join(root, 'node_modules'))) {
      if (entry !== '@yiwang')
        symlinkSync(join(root, 'node_modules', entry), join(copy, 'node_modules', entry));
    }
    for (const entry of readdirSync(join(root, 'node_modules/@yiwang'))) {
      const target = readlinkSync(join(root, 'node_modules/@yiwang', entry));
      symlinkSync(
        resolve(join(copy, 'node_modules/@yiwang'), target),
        join(copy, 'node_modules/@yiwang', entry),
      );
    }
  });

  afterAll(async () => {
    rmSync(copy, { recursive: true, force: true });
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.end();
  });

  const generate = (...args: string[]) =>
    execFileSync(process.execPath, [join(copy, 'scripts/generate.mjs'), 'feature', 'case', ...args], {
      cwd: copy,
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
  const layout = (kebab: string) => [
    `services/case/src/${kebab}/${kebab}.entity.ts`,
    `services/case/src/${kebab}/${kebab}.repository.ts`,
    `services/case/src/${kebab}/${kebab}.errors.ts`,
    `services/case/src/${kebab}/${kebab}.service.ts`,
    `services/case/src/${kebab}/${kebab}.module.ts`,
    expect.stringMatching(new RegExp(`^services/case/src/database/migrations/\\d+-create-${kebab}\\.ts$`)),
    `services/case/test/${kebab}/${kebab}.spec.ts`,
  ];
  const registered = [
    'services/case/src/app.module.ts',
    'services/case/src/database/entities.ts',
    'services/case/src/database/migrations/index.ts',
  ];

  it('without a route writes the feature and registers it in the service only', () => {
    expect(generate('block-note', '--no-route')).toEqual([...layout('block-note'), ...registered]);
    expect(readFileSync(join(copy, 'services/case/src/app.module.ts'), 'utf8')).toContain('BlockNoteModule,');
  });

  it('with a route in a service without a proto first asks for the permission, then gives the service its gRPC API', () => {
    const permissions = join(copy, 'libs/contracts/src/access/permissions.ts');
    const refused = spawnSync(
      process.execPath,
      [join(copy, 'scripts/generate.mjs'), 'feature', 'party-org', 'branch-notice', '--label', '支部公告'],
      { cwd: copy, encoding: 'utf8' },
    );
    expect([refused.status, refused.stderr.trim()]).toEqual([
      2,
      "the route needs the permission 'party-org:read': add it to PERMISSIONS in " +
        'libs/contracts/src/access/permissions.ts and to the roles that may read it, then run this again ' +
        '(or pass --no-route)',
    ]);
    // What a person does first: the domain's read permission.
    writeFileSync(
      permissions,
      readFileSync(permissions, 'utf8').replace(
        "  'funding:approve',\n]",
        "  'funding:approve',\n  'party-org:read',\n]",
      ),
    );
    const written = execFileSync(
      process.execPath,
      [join(copy, 'scripts/generate.mjs'), 'feature', 'party-org', 'branch-notice', '--label', '支部公告'],
      { cwd: copy, encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    const src = 'services/party-org/src';
    expect(written).toEqual([
      `${src}/branch-notice/branch-notice.entity.ts`,
      `${src}/branch-notice/branch-notice.repository.ts`,
      `${src}/branch-notice/branch-notice.errors.ts`,
      `${src}/branch-notice/branch-notice.service.ts`,
      `${src}/branch-notice/branch-notice.module.ts`,
      expect.stringMatching(/^services\/party-org\/src\/database\/migrations\/\d+-create-branch-notice\.ts$/),
      'services/party-org/test/branch-notice/branch-notice.spec.ts',
      `${src}/database/entities.ts`,
      'libs/contracts/proto/yiwang/party_org/v1/party_org.proto',
      `${src}/branch-notice/branch-notice.grpc.controller.ts`,
      'services/gateway/src/branch-notice/branch-notice.module.ts',
      'services/gateway/src/branch-notice/branch-notice.http.controller.ts',
      'web/src/pages/branch-notice/BranchNoticePage.tsx',
      `${src}/party-org.service-spec.ts`,
      `${src}/app.module.ts`,
      `${src}/database/migrations/index.ts`,
      'libs/contracts/src/index.ts',
      'libs/contracts/src/catalogue/services.ts',
      `${src}/party-org.config.ts`,
      'services/gateway/src/app.module.ts',
      'test/e2e/scope-matrix.rules.ts',
      'web/src/app/routes.tsx',
      'web/src/app/navigation.tsx',
      'web/src/i18n/locales/zh-CN.json',
      'web/src/i18n/locales/en-US.json',
    ]);
    const catalogue = readFileSync(join(copy, 'libs/contracts/src/catalogue/services.ts'), 'utf8');
    // The next free gRPC port after case (50051) and grid (50052), and the gateway calls it.
    expect(catalogue).toContain("port: 50053,\n      package: 'yiwang.party_org.v1',");
    expect(catalogue).toContain("calls: ['case', 'grid', 'party-org'],");
    expect(readFileSync(join(copy, `${src}/party-org.config.ts`), 'utf8')).toContain(
      'GRPC_PORT: env.port(50053),',
    );
    expect(
      readFileSync(join(copy, 'libs/contracts/src/generated/yiwang/party_org/v1/party_org.ts'), 'utf8'),
    ).toContain('export interface BranchNoticeServiceController');
    // Compose and Kubernetes publish the port (npm run gen ran from the catalogue).
    expect(readFileSync(join(copy, 'deploy/k8s/party-org.yaml'), 'utf8')).toContain('50053');
  });

  it('with a route writes proto, controllers and page that typecheck, and its own test passes; the checkout is left alone', async () => {
    expect(generate('street-notice', '--label', '街巷公告')).toEqual([
      ...layout('street-notice'),
      'services/case/src/street-notice/street-notice.grpc.controller.ts',
      'services/gateway/src/street-notice/street-notice.module.ts',
      'services/gateway/src/street-notice/street-notice.http.controller.ts',
      'web/src/pages/street-notice/StreetNoticePage.tsx',
      ...registered,
      'libs/contracts/proto/yiwang/case/v1/case.proto',
      'libs/contracts/src/catalogue/services.ts',
      'services/gateway/src/app.module.ts',
      'test/e2e/scope-matrix.rules.ts',
      'web/src/app/routes.tsx',
      'web/src/app/navigation.tsx',
      'web/src/i18n/locales/zh-CN.json',
      'web/src/i18n/locales/en-US.json',
    ]);
    expect(readFileSync(join(copy, 'libs/contracts/src/generated/yiwang/case/v1/case.ts'), 'utf8')).toContain(
      'export interface StreetNoticeServiceController',
    );
    expect(JSON.parse(readFileSync(join(copy, 'web/src/i18n/locales/zh-CN.json'), 'utf8'))).toMatchObject({
      'nav.streetNotice': '街巷公告',
    });

    writeFileSync(
      join(copy, 'tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true },
        // The web page needs the API types regenerated from the built gateway (npm run build && npm run gen).
        include: [
          'services/case/src/**/*.ts',
          'services/case/test/street-notice/**/*.ts',
          'services/party-org/src/**/*.ts',
          'services/party-org/test/**/*.ts',
          'services/gateway/src/**/*.ts',
        ],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.generated.json'],
      { cwd: copy, encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    // One worker database for the nested Jest, copied from this run's migrated template.
    const client = admin();
    await client.connect();
    await client.query(
      `CREATE DATABASE "${database}" TEMPLATE "yiwang_test_${process.env.YIWANG_TEST_RUN_ID}_template"`,
    );
    await client.end();
    writeFileSync(
      join(copy, 'jest.generated.config.mjs'),
      `import base from './jest.config.mjs';\n` +
        `export default { ...base, globalSetup: undefined, globalTeardown: undefined };\n`,
    );
    const jest = spawnSync(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
        join(root, 'node_modules/jest/bin/jest.js'),
        '--config',
        'jest.generated.config.mjs',
        '--runInBand',
        'services/case/test/street-notice',
        'services/case/test/block-note',
        'services/party-org/test/branch-notice',
      ],
      {
        cwd: copy,
        encoding: 'utf8',
        env: { ...process.env, YIWANG_TEST_RUN_ID: runId, JEST_WORKER_ID: '1' },
      },
    );
    expect(jest.stderr).toMatch(/Tests:\s+8 passed, 8 total/);
    expect(jest.status).toBe(0);

    expect(repoStatus()).toBe(statusBefore);
  }, 240_000);
});
