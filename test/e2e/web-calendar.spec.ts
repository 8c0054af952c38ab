import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ServiceProcess } from '@yiwang/testing';
import { startPlatform, type PlatformStack, type TestUser } from './platform-stack.js';
import { seriousViolations } from './web-browser.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '';
const haveChromium = Boolean(chromiumPath) && existsSync(chromiumPath);
const shots = join(root, '.test-artifacts', 'web');
const STEP_TIMEOUT = 180_000;

/** The next year, as the service counts it (Asia/Shanghai). */
const nextYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)) + 1;
const document = JSON.stringify(
  {
    year: nextYear,
    source: `测试：${nextYear}年节假日安排`,
    holidays: [{ name: '元旦', from: `${nextYear}-01-01`, to: `${nextYear}-01-03` }],
    workdays: [],
  },
  null,
  2,
);

/**
 * The calendar page in headless Chromium at 1366×768 against the real platform, as a district admin: the
 * dashboard's banner while next year is missing (warned from 1 January here, so it shows all year), loading
 * a year with a mistake and then right, the year grid, versions and activation, the banner gone.
 */
(haveChromium ? describe : describe.skip)('calendar page in a browser', () => {
  let platform: PlatformStack;
  let browser: Browser;
  let page: Page;
  let admin: TestUser;
  let token = '';
  const errors: string[] = [];
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${platform.gateway}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform('webcal', {
      CASE_CALENDAR_WARN_FROM: '01-01',
      CASE_CALENDAR_SWEEP_MS: '1000',
    });
    // The dashboard needs the district's tree: the demo's first street.
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    admin = await platform.createUser('district_admin', '440106');
    const login = await fetch(`${platform.gateway}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: admin.username, password: admin.password }),
    });
    token = ((await login.json()) as { access_token: string }).access_token;
    // Start from the built-in state of the next year (another file in this worker may have loaded it).
    const versions = await api(`/api/v1/calendar/years/${nextYear}/versions`);
    if (versions.body.activeVersion !== 0) {
      await api(`/api/v1/calendar/years/${nextYear}/versions/0/activate`, {
        method: 'POST',
        body: { reason: 'reset' },
      });
    }
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  }, 600_000);

  let step = 0;
  afterEach(async () => {
    step += 1;
    await page?.screenshot({ path: join(shots, `calendar-after-step-${step}.png`) }).catch(() => undefined);
    if (errors.length) process.stderr.write(`[web-calendar] page errors: ${JSON.stringify(errors)}\n`);
  });

  afterAll(async () => {
    if (token) {
      const versions = await api(`/api/v1/calendar/years/${nextYear}/versions`).catch(() => null);
      if (versions && versions.body.activeVersion !== 0)
        await api(`/api/v1/calendar/years/${nextYear}/versions/0/activate`, {
          method: 'POST',
          body: { reason: 'cleanup' },
        });
    }
    await browser?.close();
    await platform?.stop();
  });

  it(
    'warns on the dashboard while next year is missing, and links to the calendar',
    async () => {
      expect((await api('/api/v1/calendar/status')).body).toMatchObject({ nextYear, nextYearMissing: true });
      await page.goto(`${platform.gateway}/login`);
      await page.getByLabel('用户名').fill(admin.username);
      await page.getByLabel('密码').fill(admin.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: '一屏观天下' }).waitFor();
      const banner = page.getByRole('alert').filter({ hasText: `${nextYear}年节假日安排尚未导入` });
      await banner.waitFor();
      await page.screenshot({ path: join(shots, 'calendar-banner.png') });
      await banner.getByRole('link', { name: '前往导入' }).click();
      await page.getByRole('heading', { name: '节假日日历（工作日历）' }).waitFor();
      // The current year's grid: built-in, 1 January off.
      await page.locator(`[data-day="${nextYear - 1}-01-01"][data-kind="holiday"]`).waitFor();
      await page
        .getByRole('cell', { name: String(nextYear) })
        .first()
        .waitFor();
      await page.getByText('缺失').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(shots, 'calendar.png') });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'loads the next year: a mistake is named by field, the corrected file becomes an active version',
    async () => {
      // Spec files of a worker share the database: another may have loaded next year already.
      const before = (await api(`/api/v1/calendar/years/${nextYear}/versions`)).body as {
        items?: { version: number }[];
      };
      const expected = Math.max(0, ...(before.items ?? []).map((v) => v.version)) + 1;
      await page.getByRole('button', { name: '导入节假日安排' }).click();
      const dialog = page.getByRole('dialog');
      const paste = dialog.getByLabel('或粘贴内容');
      await paste.fill(document.replace(`${nextYear}-01-03`, `${nextYear + 1}-01-03`));
      await dialog.getByLabel('导入说明（如通知文号）').fill('测试导入');
      await dialog.getByRole('button', { name: /^导\s?入$/ }).click();
      await dialog.getByText('document.holidays[0].to').waitFor();
      await page.screenshot({ path: join(shots, 'calendar-load-invalid.png') });
      expect(await seriousViolations(page, '.ant-modal')).toEqual([]);

      await paste.fill(document);
      await dialog.getByText('导入后立即启用').click();
      await dialog.getByRole('button', { name: /^导\s?入$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator(`[data-day="${nextYear}-01-01"][data-kind="holiday"]`).waitFor();
      await page.getByText('生效中').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(shots, 'calendar-loaded.png') });

      await page.getByRole('tab', { name: '版本与记录' }).click();
      await page.getByRole('cell', { name: '测试导入' }).first().waitFor();
      await page.getByRole('cell', { name: new RegExp(`→ 版本 ${expected}`) }).waitFor();
      await page.screenshot({ path: join(shots, 'calendar-versions.png') });
      expect(await seriousViolations(page)).toEqual([]);

      const status = await api('/api/v1/calendar/status');
      expect(status.body).toMatchObject({ nextYear, nextYearLoaded: true, nextYearMissing: false });
      const year = await api(`/api/v1/calendar/years/${nextYear}`);
      expect(year.body).toMatchObject({
        version: expected,
        active: true,
        holidayDays: 3,
        createdByName: admin.username,
      });
      expect(errors).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'refuses loading to a worker who may only read the calendar',
    async () => {
      const worker = await platform.createUser('grid_worker', '440106001001');
      const login = await fetch(`${platform.gateway}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: worker.username, password: worker.password }),
      });
      const workerToken = ((await login.json()) as { access_token: string }).access_token;
      const headers = { authorization: `Bearer ${workerToken}`, 'content-type': 'application/json' };
      expect((await fetch(`${platform.gateway}/api/v1/calendar/years`, { headers })).status).toBe(200);
      const denied = await fetch(`${platform.gateway}/api/v1/calendar/versions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ document, reason: 'x' }),
      });
      expect(denied.status).toBe(403);
      expect(denied.headers.get('content-type')).toContain('application/problem+json');
    },
    STEP_TIMEOUT,
  );
});
