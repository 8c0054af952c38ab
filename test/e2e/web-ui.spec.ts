import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ServiceProcess } from '@yiwang/testing';
import { startPlatform, type PlatformStack, type TestUser } from './platform-stack.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const chromiumPath = process.env.CHROMIUM_PATH ?? '';
const haveChromium = Boolean(chromiumPath) && existsSync(chromiumPath);
const shots = join(root, '.test-artifacts', 'web');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

if (!haveChromium)
  process.stderr.write(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '!! WEB UI BROWSER TESTS SKIPPED: no Chromium here (and it could not be installed).   !!',
      "!! Install Debian's `chromium` or set CHROMIUM_PATH, then run `npm test -- web`.    !!",
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page: the serious and critical violations (none allowed). */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * The admin web UI as the gateway serves it, in headless Chromium at 1366×768 against the real platform:
 * log in as the district admin, the dashboard, the registry and the dispatch desk, each screenshotted into
 * .test-artifacts/web and checked with axe-core.
 */
(haveChromium ? describe : describe.skip)('web UI in a browser', () => {
  let platform: PlatformStack;
  let browser: Browser;
  let page: Page;
  let admin: TestUser;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform('webui');
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    admin = await platform.createUser('district_admin', '440106');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => errors.push(error.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('serves the UI at / without shadowing the API, health or metrics', async () => {
    const index = await fetch(`${platform.gateway}/dispatch/cases/x`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${platform.gateway}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${platform.gateway}/assets/missing-1234.js`)).status).toBe(404);
    const api = await fetch(`${platform.gateway}/api/v1/nope`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${platform.gateway}/health/live`)).headers.get('content-type')).toContain('json');
    expect(await (await fetch(`${platform.gateway}/metrics`)).text()).toContain('# TYPE');
  });

  it("has the API client's OpenAPI snapshot in step with the gateway (npm run gen:api -w web)", async () => {
    const live = (await (await fetch(`${platform.gateway}/api/openapi.json`)).json());
    const snapshot = JSON.parse(readFileSync(join(root, 'web/openapi.json'), 'utf8')) as unknown;
    expect(live).toEqual(snapshot);
  });

  it('logs in as the district admin and shows the dashboard', async () => {
    await page.goto(`${platform.gateway}/`);
    await page.waitForURL('**/login');
    await page.getByLabel('用户名').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'login.png') });

    // Chinese validation messages, from the keyboard alone.
    await page.getByLabel('用户名').focus();
    await page.keyboard.press('Enter');
    await page.getByText('请输入用户名').waitFor();

    await page.getByLabel('用户名').fill(admin.username);
    await page.getByLabel('密码').fill(admin.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '一屏观天下' }).waitFor();
    await page.getByText('天河区').first().waitFor();
    await page.getByRole('region', { name: '网格案件分布' }).waitFor();
    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const item of ['派单台', '基础台账', '党建引领', '志愿服务', '资金管理'])
      await nav.getByText(item).waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(shots, 'dashboard.png') });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the registry: unit tree, grids on the map and in the table, residents masked', async () => {
    await page.getByRole('navigation', { name: '主导航' }).getByText('基础台账').click();
    await page.getByRole('heading', { name: '基础台账' }).waitFor();
    await page.getByRole('region', { name: '网格分布图' }).waitFor();
    await page
      .getByRole('cell', { name: /440106001\d{3}-G\d+/ })
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(shots, 'registry.png') });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: '人口与户籍' }).click();
    const masked = page.getByRole('cell', { name: /^\d{6}\*{8}\d{3}[\dX]$/ }).first();
    await masked.waitFor();
    await page.screenshot({ path: join(shots, 'registry-people.png') });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the dispatch desk', async () => {
    await page.getByRole('navigation', { name: '主导航' }).getByText('派单台').click();
    await page.getByRole('heading', { name: '派单台' }).waitFor();
    await page.getByRole('button', { name: '查询' }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(shots, 'dispatch.png') });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
