import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ServiceProcess } from '@yiwang/testing';
import { startPlatform, type PlatformStack, type TestUser } from './platform-stack.js';
import { seriousViolations, settled } from './web-browser.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '';
const haveChromium = Boolean(chromiumPath) && existsSync(chromiumPath);
const shots = join(root, '.test-artifacts', 'web');
const STEP_TIMEOUT = 180_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

/**
 * The 权责清单 page in headless Chromium at 1366×768 against the real platform, as a city admin: the
 * versions with their figures, one version's lines filtered, the diff's counts against the API, and an
 * activation. Spec files of a worker share the database: the active version is read, and put back.
 */
(haveChromium ? describe : describe.skip)('responsibility list page in a browser', () => {
  let platform: PlatformStack;
  let browser: Browser;
  let page: Page;
  let admin: TestUser;
  let token = '';
  let original = 0;
  let draft = 0;
  const errors: string[] = [];
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${platform.gateway}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform('webresp');
    // The demo registry: 天河区 with a street, so the district filter has real units to offer.
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    admin = await platform.createUser('city_admin', '440106');
    const login = await fetch(`${platform.gateway}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: admin.username, password: admin.password }),
    });
    token = ((await login.json()) as { access_token: string }).access_token;
    original = (await api('/api/v1/responsibilities/versions')).body.activeVersion;
    const base = (await api(`/api/v1/responsibilities/versions/${original}`)).body;
    const isLine = (e: Json, category: string, level: string) => e.category === category && e.level === level;
    const entries = base.entries
      .filter((e: Json) => !isLine(e, 'other', 'district'))
      .map((e: Json) => ({
        category: e.category,
        level: e.level,
        departmentKind: isLine(e, 'noise', 'street') ? 'police' : e.departmentKind,
        deadlineWorkingHours: isLine(e, 'noise', 'street') ? 15 : e.deadlineWorkingHours,
      }));
    const created = await api('/api/v1/responsibilities/versions', {
      method: 'POST',
      body: { entries, reason: '浏览器测试：噪声扰民移交公安', basedOn: original },
    });
    expect(created.status).toBe(201);
    draft = created.body.version;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  }, 600_000);

  let step = 0;
  afterEach(async () => {
    step += 1;
    await page
      ?.screenshot({ path: join(shots, `responsibility-after-step-${step}.png`) })
      .catch(() => undefined);
    if (errors.length) process.stderr.write(`[web-responsibility] page errors: ${JSON.stringify(errors)}\n`);
  });

  afterAll(async () => {
    if (token && original) {
      await api(`/api/v1/responsibilities/versions/${original}/activate`, {
        method: 'POST',
        body: { reason: '浏览器测试结束，恢复原版本' },
      }).catch(() => null);
    }
    await browser?.close();
    await platform?.stop();
  });

  // By Ant's row key: a row's text also names the version it was edited from.
  const rowOf = (version: number) => page.locator(`tr[data-row-key="${version}"]`);
  const statistic = async (title: string) =>
    Number(
      await page
        .getByTestId('diff-counts')
        .locator('.ant-statistic')
        .filter({ hasText: title })
        .locator('.ant-statistic-content-value')
        .innerText(),
    );

  it(
    'lists the versions with the figures the API gives, and filters one version’s lines',
    async () => {
      await page.goto(`${platform.gateway}/login`);
      await page.getByLabel('用户名').fill(admin.username);
      await page.getByLabel('密码').fill(admin.password);
      await page.keyboard.press('Enter');
      await page.getByRole('menuitem', { name: '权责清单' }).click();
      await page.getByRole('heading', { name: '权责清单' }).waitFor();
      // The page counts cases for the admin's own district first.
      await page.locator('.ant-select').filter({ hasText: '天河区' }).waitFor();
      const versions = (await api('/api/v1/responsibilities/versions?district=440106')).body;
      for (const v of versions.items.filter((i: Json) => [original, draft].includes(i.version))) {
        const row = rowOf(v.version);
        await row.waitFor();
        const cells = await row.getByRole('cell').allInnerTexts();
        expect(cells[0]).toContain(v.active ? '生效中' : '未生效');
        expect(cells).toContain(v.reason);
        expect(cells).toContain(String(v.entryCount));
        expect(cells).toContain(String(v.caseCount));
      }
      // The active version's lines: all of them, then the street level, then a category by name.
      const active = (await api(`/api/v1/responsibilities/versions/${original}`)).body;
      const count = page.getByRole('status').filter({ hasText: /^共 \d+ 条$/ });
      await count.filter({ hasText: `共 ${active.entries.length} 条` }).waitFor();
      await page.getByRole('cell', { name: '城市管理和综合执法' }).first().waitFor();
      await page.getByLabel('层级').click();
      // Ant's visible option (its role=option twins are hidden, for screen readers).
      await page.locator('.ant-select-item-option').filter({ hasText: '街道' }).click();
      const street = active.entries.filter((e: Json) => e.level === 'street').length;
      await count.filter({ hasText: `共 ${street} 条` }).waitFor();
      await page.getByLabel('搜索事项类别').fill('噪声');
      await page.getByLabel('搜索事项类别').press('Enter');
      await count.filter({ hasText: '共 1 条' }).waitFor();
      await page.getByRole('cell', { name: '噪声扰民', exact: true }).waitFor();
      await page.getByRole('cell', { name: '生态环境', exact: true }).waitFor();
      await settled(page);
      await page.screenshot({ path: join(shots, 'responsibility.png') });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'compares a draft with the active version: the counts shown are the API’s; then activates it',
    async () => {
      await rowOf(draft).getByRole('button', { name: '与生效版本对比' }).click();
      const diff = (await api(`/api/v1/responsibilities/diff?from=${original}&to=${draft}`)).body;
      expect(diff).toMatchObject({ added: 0, removed: 1, changed: 1 });
      await page.getByTestId('diff-counts').waitFor();
      expect(await statistic('新增')).toBe(diff.added);
      expect(await statistic('删除')).toBe(diff.removed);
      expect(await statistic('变更')).toBe(diff.changed);
      expect(await statistic('未变')).toBe(diff.unchanged);
      const changed = page.getByRole('row').filter({ hasText: '噪声扰民' });
      await changed.getByText('公安，15 工作小时').waitFor();
      await changed.getByText('生态环境，37.5 工作小时').waitFor();
      await page.getByRole('row').filter({ hasText: '其他' }).getByText('删除').waitFor();
      await page.screenshot({ path: join(shots, 'responsibility-diff.png') });
      expect(await seriousViolations(page)).toEqual([]);

      // Ant spaces out a two-character Chinese button label.
      await rowOf(draft)
        .getByRole('button', { name: /^启\s?用$/ })
        .click();
      const dialog = page.getByRole('dialog');
      const confirm = dialog.getByRole('button', { name: /^启\s?用$/ });
      expect(await confirm.isDisabled()).toBe(true); // no reason yet
      await dialog.getByLabel('启用理由（必填，将记入启用记录）').fill('区城管委会议决定：噪声夜查交公安');
      await confirm.click();
      await rowOf(draft).getByText('生效中').waitFor();
      await rowOf(draft).getByText('区城管委会议决定：噪声夜查交公安').waitFor();
      expect((await api('/api/v1/responsibilities/versions')).body.activeVersion).toBe(draft);
      const activated = (await api(`/api/v1/responsibilities/versions/${draft}`)).body;
      expect(activated).toMatchObject({
        active: true,
        activatedByName: admin.username,
        activationReason: '区城管委会议决定：噪声夜查交公安',
        activations: [
          expect.objectContaining({ reason: '区城管委会议决定：噪声夜查交公安', previousVersion: original }),
        ],
      });
      await page.screenshot({ path: join(shots, 'responsibility-activated.png') });
      expect(errors).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'writes a new version from the shown one in the editor, and activates it with a reason',
    async () => {
      // The version shown is still the first one: the editor starts from a copy of its lines.
      const shown = (await api(`/api/v1/responsibilities/versions/${original}`)).body;
      await page.getByRole('button', { name: `以第 ${original} 版为底稿新建版本` }).click();
      const drawer = page.locator('.ant-drawer-content-wrapper');
      await drawer.getByText(`新建版本（复制自第 ${original} 版）`).waitFor();
      await drawer
        .getByRole('status')
        .filter({ hasText: `共 ${shown.entries.length} 条` })
        .waitFor();
      const save = drawer.getByRole('button', { name: '保存为新版本' });
      expect(await save.isDisabled()).toBe(true); // no reason yet

      // 房屋安全 at street level goes to 应急管理 with 20 working hours; 排水内涝 loses its district line.
      await drawer.getByLabel('房屋安全 街道 承办部门').click();
      await page.locator('.ant-select-item-option:visible').filter({ hasText: '应急管理' }).click();
      const hours = drawer.getByLabel('房屋安全 街道 办结时限（工作小时）');
      await hours.fill('20');
      await hours.press('Tab');
      await drawer
        .getByRole('row')
        .filter({ hasText: '排水内涝' })
        .filter({ hasText: '区' })
        .getByRole('button', { name: /^删\s?除$/ })
        .click();
      await drawer
        .getByRole('status')
        .filter({ hasText: `共 ${shown.entries.length - 1} 条` })
        .waitFor();
      await drawer
        .getByLabel('修改理由（必填，如依据的文件或会议决定）')
        .fill('房屋安全街道层级改由应急管理承办');
      await drawer.getByRole('checkbox', { name: '保存后立即启用' }).check();
      expect(await save.isDisabled()).toBe(true); // activating needs its own reason
      await drawer.getByLabel('启用理由（必填，将记入启用记录）').fill('区政府常务会议纪要第3号');
      await page.screenshot({ path: join(shots, 'responsibility-editor.png') });
      expect(await seriousViolations(page)).toEqual([]);
      await save.click();
      // The click sends the request; the answer comes when it comes.
      await page.getByText(/已保存为第 \d+ 版/).waitFor();

      // Checked against the API: a new active version, edited from the shown one, with both reasons.
      const listed = (await api('/api/v1/responsibilities/versions')).body;
      const made = listed.activeVersion as number;
      expect(made).toBeGreaterThan(draft);
      await rowOf(made).getByText('区政府常务会议纪要第3号').waitFor();
      await rowOf(made).getByText('生效中').waitFor();
      const version = (await api(`/api/v1/responsibilities/versions/${made}`)).body;
      expect(version).toMatchObject({
        basedOn: original,
        reason: '房屋安全街道层级改由应急管理承办',
        activationReason: '区政府常务会议纪要第3号',
        entryCount: shown.entries.length - 1,
        activations: [expect.objectContaining({ reason: '区政府常务会议纪要第3号', previousVersion: draft })],
      });
      const line = (e: Json, category: string, level: string) => e.category === category && e.level === level;
      expect(version.entries.find((e: Json) => line(e, 'building_safety', 'street'))).toMatchObject({
        departmentKind: 'emergency',
        deadlineWorkingHours: 20,
      });
      expect(version.entries.find((e: Json) => line(e, 'drainage', 'district'))).toBeUndefined();
      const diff = (await api(`/api/v1/responsibilities/diff?from=${original}&to=${made}`)).body;
      expect(diff).toMatchObject({ added: 0, removed: 1, changed: 1 });
      await page.screenshot({ path: join(shots, 'responsibility-new-version.png') });
      expect(errors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});
