import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
      .filter((f) => f && !f.startsWith('web/'));
    for (const file of files) {
      try {
        cpSync(join(root, file), join(copy, file));
      } catch {
        // deleted in the working tree but still in the index
      }
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  });

  afterAll(async () => {
    rmSync(copy, { recursive: true, force: true });
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.end();
  });

  it('writes a feature that typechecks and whose own test passes, leaving the checkout alone', async () => {
    const out = execFileSync(
      process.execPath,
      [join(copy, 'scripts/generate.mjs'), 'feature', 'case', 'street-notice', '--no-route'],
      { cwd: copy, encoding: 'utf8' },
    );
    expect(out.trim().split('\n')).toEqual([
      'services/case/src/street-notice/street-notice.entity.ts',
      'services/case/src/street-notice/street-notice.repository.ts',
      'services/case/src/street-notice/street-notice.errors.ts',
      'services/case/src/street-notice/street-notice.service.ts',
      'services/case/src/street-notice/street-notice.module.ts',
      expect.stringMatching(/^services\/case\/src\/database\/migrations\/\d+-create-street-notice\.ts$/),
      'services/case/test/street-notice/street-notice.spec.ts',
      'services/case/src/app.module.ts',
      'services/case/src/database/entities.ts',
      'services/case/src/database/migrations/index.ts',
    ]);
    expect(readFileSync(join(copy, 'services/case/src/app.module.ts'), 'utf8')).toContain(
      'StreetNoticeModule,',
    );

    writeFileSync(
      join(copy, 'tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true },
        include: [
          'services/case/src/street-notice/**/*.ts',
          'services/case/test/street-notice/**/*.ts',
          'services/case/src/app.module.ts',
          'services/case/src/database/**/*.ts',
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
      ],
      {
        cwd: copy,
        encoding: 'utf8',
        env: { ...process.env, YIWANG_TEST_RUN_ID: runId, JEST_WORKER_ID: '1' },
      },
    );
    expect(jest.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(jest.status).toBe(0);

    expect(repoStatus()).toBe(statusBefore);
  }, 240_000);
});
