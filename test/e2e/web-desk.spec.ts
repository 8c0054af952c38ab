import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ServiceProcess, waitFor } from '@yiwang/testing';
import { startPlatform, type PlatformStack, type TestUser } from './platform-stack.js';
import { codesShown, loggedIn, seriousViolations, settled } from './web-browser.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers are read generically here
type Json = Record<string, any>;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '';
const haveChromium = Boolean(chromiumPath) && existsSync(chromiumPath);
const shots = join(root, '.test-artifacts', 'web');
const STEP_TIMEOUT = 180_000;
const DEPARTMENT = '440106-urban_management';
/** A 1×1 PNG: real image bytes the case service's sniffer accepts. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The dispatch desk (issue 13) in headless Chromium at 1366×768 on the demo data: the totals a user reads
 * against the API, worklists, title search, the list state kept across the drawer with focus returned,
 * column settings remembered, opening by short id, merge by picking a case, and before/after photos with
 * upload — as district admin, street dispatcher and department handler.
 */
(haveChromium ? describe : describe.skip)('the dispatch desk in a browser', () => {
  let platform: PlatformStack;
  let browser: Browser;
  const users: Record<string, TestUser> = {};
  const tokens: Record<string, string> = {};
  const errors: string[] = [];
  let page: Page | undefined;

  const api = async (path: string, as: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${platform.gateway}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Json;
  };
  /**
   * The total the desk shows under its table (the figure a user reads), once it reads `expected` or, when
   * it never does within 30 s, whatever it reads then.
   */
  const totalShown = async (p: Page, expected: number) => {
    await settled(p);
    await p
      .locator(`[data-total="${expected}"]`)
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    return Number(await p.locator('[data-total]').getAttribute('data-total'));
  };
  const totalText = (p: Page) => p.locator('[data-total]').innerText();

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    platform = await startPlatform('webdesk');
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    const cases = ServiceProcess.start(
      'case',
      { ...platform.env, GRID_GRPC_ADDR: `127.0.0.1:${platform.ports.grid.grpc}` },
      'cli.js',
      ['demo', '--district', '440106', '--count', '80'],
    );
    if ((await cases.exited()) !== 0)
      throw new Error(`case demo failed: ${cases.stderr.join('').slice(-3000)}`);
    users.admin = await platform.createUser('district_admin', '440106');
    users.street = await platform.createUser('street_dispatcher', '440106001');
    users.handler = await platform.createUser('department_handler', '440106', { department: DEPARTMENT });
    for (const [who, user] of Object.entries(users)) {
      const login = await fetch(`${platform.gateway}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(user),
      });
      tokens[who] = ((await login.json()) as { access_token: string }).access_token;
    }
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  }, 600_000);

  let step = 0;
  afterEach(async () => {
    step += 1;
    await page?.screenshot({ path: join(shots, `desk-after-step-${step}.png`) }).catch(() => undefined);
    if (errors.length) process.stderr.write(`[web-desk] page errors: ${JSON.stringify(errors)}\n`);
    await page?.context().close();
    page = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it(
    'district admin: totals match the API, and the list state survives the drawer',
    async () => {
      page = await loggedIn(browser, platform.gateway, users.admin, errors);
      await page.goto(`${platform.gateway}/dispatch`);
      await page.getByRole('heading', { name: '派单台' }).waitFor();
      const all = await api('/api/v1/cases?withTotal=true&limit=1', 'admin');
      expect(all.total).toBeGreaterThanOrEqual(80);
      expect(await totalShown(page, all.total)).toBe(all.total);
      expect(await totalText(page)).toBe(`共 ${all.total} 条`);

      // The overdue-and-warning worklist: the server's figure, not a count of the newest rows.
      await page.getByRole('radiogroup', { name: '工作清单' }).getByText('超期与预警').click();
      await page.waitForURL(/list=alert/);
      const alert = await api(
        '/api/v1/cases?open=true&alert=overdue_or_warning&withTotal=true&limit=1',
        'admin',
      );
      expect(await totalShown(page, alert.total)).toBe(alert.total);
      await page.screenshot({ path: join(shots, 'desk-admin-alert.png') });

      // A title search on the whole list, then page 2, then a case's drawer and back.
      await page.getByRole('radiogroup', { name: '工作清单' }).getByText('全部案件').click();
      // Words of a real title on the list (the demo's titles are 演示事件 N).
      const word = String(all.items[0].title).slice(0, 4);
      const searched = await api(
        `/api/v1/cases?q=${encodeURIComponent(word)}&withTotal=true&limit=1`,
        'admin',
      );
      await page.getByLabel('标题').fill(word);
      await page.getByRole('button', { name: /^查\s*询$/ }).click();
      await page.waitForURL(/q=/);
      expect(await totalShown(page, searched.total)).toBe(searched.total);
      expect(searched.total).toBeGreaterThan(0);
      const rows = page.locator('[data-case-link]');
      await rows.first().waitFor();
      const titles = await rows.allInnerTexts();
      for (const title of titles) expect(title).toContain(word);
      const second = rows.nth(Math.min(1, titles.length - 1));
      const id = await second.getAttribute('data-case-link');
      await second.click();
      await page.waitForURL(new RegExp(`/dispatch/cases/${id}\\?.*q=`));
      const drawer = page.getByRole('dialog').first();
      await drawer.getByText(String(id)).waitFor();
      expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
      await page.screenshot({ path: join(shots, 'desk-admin-drawer.png') });
      await page.keyboard.press('Escape');
      await page.waitForURL((url) => url.pathname === '/dispatch' && url.searchParams.get('q') === word);
      // The drawer slides out before it is gone: its own tables must not be taken for the list's.
      await drawer.waitFor({ state: 'hidden' });
      expect(await totalShown(page, searched.total)).toBe(searched.total);

      // Sorting by deadline is the server's order (earliest running clock first).
      await page.getByRole('columnheader', { name: '办理时限' }).click();
      await page.waitForURL(/sort=deadline/);
      const byDeadline = await api(
        `/api/v1/cases?q=${encodeURIComponent(word)}&sort=deadline&limit=50`,
        'admin',
      );
      await settled(page);
      // The newest-first rows stay on screen until the sorted page has come: wait for it, then compare.
      const expectedIds = byDeadline.items.map((c: Json) => c.id as string);
      const tab = page;
      const shown = () =>
        tab
          .locator('[data-case-link]')
          .evaluateAll((links) => links.map((a) => a.getAttribute('data-case-link')));
      for (let i = 0; i < 60 && JSON.stringify(await shown()) !== JSON.stringify(expectedIds); i++)
        await page.waitForTimeout(250);
      expect(await shown()).toEqual(expectedIds);
      expect(await codesShown(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(shots, 'desk-admin.png') });
    },
    STEP_TIMEOUT,
  );

  it(
    'district admin: a page of the list survives the drawer; hidden columns are remembered; a short id opens its case',
    async () => {
      page = await loggedIn(browser, platform.gateway, users.admin, errors);
      await page.goto(`${platform.gateway}/dispatch`);
      await page.getByRole('heading', { name: '派单台' }).waitFor();
      await settled(page);
      await page.getByRole('button', { name: '下一页' }).click();
      await page.waitForURL(/pages=/);
      await page.getByText('第 2 页').waitFor();
      const pageTwo = await api('/api/v1/cases?limit=50', 'admin');
      const next = await api(`/api/v1/cases?limit=50&after=${pageTwo.nextCursor}`, 'admin');
      await settled(page);
      const firstOnTwo = page.locator('[data-case-link]').first();
      expect(await firstOnTwo.getAttribute('data-case-link')).toBe(next.items[0].id);
      await firstOnTwo.click();
      await page.getByRole('dialog').getByText(String(next.items[0].id)).waitFor();
      await page.keyboard.press('Escape');
      await page.getByText('第 2 页').waitFor();
      expect(await page.locator('[data-case-link]').first().getAttribute('data-case-link')).toBe(
        next.items[0].id,
      );

      // Column settings: hide 渠道, and it stays hidden after a reload.
      await page.getByRole('button', { name: '列设置' }).click();
      await page.getByRole('checkbox', { name: '来源渠道' }).uncheck();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('columnheader', { name: '来源渠道' }).count()).resolves.toBe(0);
      await page.reload();
      await page.getByRole('heading', { name: '派单台' }).waitFor();
      await settled(page);
      expect(await page.getByRole('columnheader', { name: '状态' }).count()).toBe(1);
      expect(await page.getByRole('columnheader', { name: '来源渠道' }).count()).toBe(0);

      // The short id the live feed and the list show opens the case.
      const target = next.items[3] as Json;
      await page.getByLabel('按案件编号打开').fill(String(target.id).slice(0, 8));
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/dispatch/cases/${target.id}`));
      await page.getByRole('dialog').getByText(String(target.id)).waitFor();
      await page.screenshot({ path: join(shots, 'desk-admin-short-id.png') });
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /Close|关闭/ })
        .first()
        .click();
      await page.waitForURL((url) => url.pathname === '/dispatch');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.getByLabel('按案件编号打开').fill('ffffffff');
      await page.getByRole('button', { name: /^打\s*开$/ }).click();
      await page.getByText('在您的数据范围内没有编号以 ffffffff 开头的案件').waitFor();
    },
    STEP_TIMEOUT,
  );

  it(
    'street dispatcher: merges a case by picking the other one by its title',
    async () => {
      const make = (title: string) =>
        api('/api/v1/cases', 'street', {
          method: 'POST',
          body: { title, category: 'street_light', channel: 'hotline_12345', unitCode: '440106001' },
        });
      const from = await make('东门路灯不亮（合并甲）');
      const into = await make('东门路灯不亮（合并乙）');
      page = await loggedIn(browser, platform.gateway, users.street, errors);
      await page.goto(`${platform.gateway}/dispatch/cases/${from.id}`);
      const drawer = page.getByRole('dialog').first();
      await drawer.getByText(String(from.id)).waitFor();
      await drawer.getByRole('button', { name: '合并案件' }).click();
      const modal = page.getByRole('dialog').filter({ hasText: '合并到案件' });
      await modal.getByRole('combobox').fill('合并乙');
      const option = page.locator('.ant-select-item-option', { hasText: '合并乙' });
      await option.waitFor();
      expect(await option.innerText()).toBe(`${String(into.id).slice(0, 8)} · 东门路灯不亮（合并乙）`);
      // The case itself is never offered as its own target.
      expect(await page.locator('.ant-select-item-option', { hasText: '合并甲' }).count()).toBe(0);
      await option.click();
      await page.screenshot({ path: join(shots, 'desk-street-merge.png') });
      await modal.getByRole('button', { name: /^确\s*定$/ }).click();
      // The lifecycle Steps always name 已结案: the merge is done when the server says so.
      await modal.waitFor({ state: 'hidden' });
      await waitFor(async () => (await api(`/api/v1/cases/${from.id}`, 'street')).state === 'closed', {
        what: 'the merged case to be closed',
      });
      await drawer.getByText('已结案').first().waitFor();
      const merged = await api(`/api/v1/cases/${from.id}`, 'street');
      expect(merged.state).toBe('closed');
      expect(merged.mergedInto).toBe(into.id);
      expect(await codesShown(page)).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'department handler: the 待接单 worklist total is the server figure; photos upload with checks and show before/after',
    async () => {
      // A case in the department's hands: dispatched by the district, accepted and started by the handler.
      const mine = await api('/api/v1/cases', 'admin', {
        method: 'POST',
        body: {
          title: '井盖缺失（照片测试）',
          category: 'street_light',
          channel: 'hotline_12345',
          unitCode: '440106',
        },
      });
      await api(`/api/v1/cases/${mine.id}/actions`, 'admin', {
        method: 'POST',
        body: { action: 'register' },
      });
      await api(`/api/v1/cases/${mine.id}/actions`, 'admin', {
        method: 'POST',
        body: { action: 'dispatch', departmentCode: DEPARTMENT },
      });
      for (const action of ['accept', 'start'])
        await api(`/api/v1/cases/${mine.id}/actions`, 'handler', { method: 'POST', body: { action } });
      page = await loggedIn(browser, platform.gateway, users.handler, errors);
      await page.goto(`${platform.gateway}/dispatch?list=toAccept`);
      await page.getByRole('heading', { name: '派单台' }).waitFor();
      const toAccept = await api(
        `/api/v1/cases?state=dispatched&department=${DEPARTMENT}&withTotal=true&limit=1`,
        'handler',
      );
      expect(await totalShown(page, toAccept.total)).toBe(toAccept.total);
      const inHand = await api(
        `/api/v1/cases?state=accepted,in_progress,suspended,returned&department=${DEPARTMENT}&withTotal=true&limit=1`,
        'handler',
      );
      await page.getByRole('radiogroup', { name: '工作清单' }).getByText('办理中').click();
      await page.waitForURL(/list=inHand/);
      expect(await totalShown(page, inHand.total)).toBe(inHand.total);
      await page.screenshot({ path: join(shots, 'desk-handler.png') });
      expect(await codesShown(page)).toEqual([]);

      // The case in hand, opened from the 办理中 worklist.
      expect(inHand.total).toBeGreaterThanOrEqual(1);
      const id = String(mine.id);
      await page.locator(`[data-case-link="${id}"]`).click();
      const drawer = page.getByRole('dialog').first();
      await drawer.getByText(id).waitFor();
      const before = (await api(`/api/v1/cases/${id}/attachments`, 'handler')).items.length;
      // A wrong type is refused in the browser with a Chinese message, nothing is sent.
      const input = drawer.locator('input[type="file"]');
      await input.setInputFiles({
        name: '说明.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('不是照片'),
      });
      await page.getByText('说明.txt 不是可接受的照片格式').waitFor();
      expect((await api(`/api/v1/cases/${id}/attachments`, 'handler')).items.length).toBe(before);
      // A photo from the handler of a case in hand is an "after" photo.
      await input.setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
      await page.getByText('已上传 现场.png').waitFor();
      const listed = (await api(`/api/v1/cases/${id}/attachments`, 'handler')).items as Json[];
      expect(listed.length).toBe(before + 1);
      expect(listed.some((a) => a.name === '现场.png' && a.type === 'image/png')).toBe(true);
      // Uploaded after work started: an "after" photo; none before.
      const group = drawer.locator('[data-photos="after"]');
      await group.getByRole('img', { name: /现场\.png/ }).waitFor();
      expect(await group.innerText()).toContain('处置后照片（1）');
      expect(await drawer.locator('[data-photos="before"]').innerText()).toContain('处置前照片（0）');
      // Click to enlarge: the preview opens over the drawer.
      await group.getByRole('img', { name: /现场\.png/ }).click();
      await page.locator('.ant-image-preview').first().waitFor();
      await page.screenshot({ path: join(shots, 'desk-handler-photo.png') });
      expect(errors).toEqual([]);
    },
    STEP_TIMEOUT,
  );
});
