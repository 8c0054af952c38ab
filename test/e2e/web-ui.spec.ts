import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PlatformStack, TestUser } from './platform-stack.js';
import { codesShown, LANDINGS, loggedIn, seriousViolations, settled, type DemoUnits } from './web-browser.js';
import {
  chromiumPath,
  haveChromium,
  root,
  shots,
  startWebDemo,
  type Json,
  type WebDemo,
} from './web-demo.js';

/** Each browser step waits for real services on a shared machine. */
const STEP_TIMEOUT = 180_000;

if (!haveChromium)
  process.stderr.write(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '!! WEB UI BROWSER TESTS SKIPPED: no Chromium here (and it could not be installed).   !!',
      "!! Install Debian's `chromium` or set CHROMIUM_PATH, then run `npm test -- web-ui`. !!",
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );

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
  let adminToken: string;
  let units: DemoUnits;
  const errors: string[] = [];

  let demo: WebDemo;
  const token = (user: TestUser) => demo.token(user);
  const api: WebDemo['api'] = (path, init) => demo.api(path, init);

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const started = Date.now();
    const lap = (what: string) =>
      process.stderr.write(`[web-ui] ${what} after ${Math.round((Date.now() - started) / 1000)} s\n`);
    demo = await startWebDemo('webui', lap);
    ({ platform, admin, adminToken, units } = demo);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    // Six processes and a demo street on two shared cores: minutes when the machine is busy.
  }, 600_000);

  let step = 0;
  afterEach(async () => {
    // What the page showed at the end of each step (a failed one too), and any script errors.
    step += 1;
    await page?.screenshot({ path: join(shots, `after-step-${step}.png`) }).catch(() => undefined);
    if (errors.length) process.stderr.write(`[web-ui] page errors: ${JSON.stringify(errors)}\n`);
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it(
    'serves the UI at / without shadowing the API, health or metrics',
    async () => {
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
    },
    STEP_TIMEOUT,
  );

  it(
    "has the API client's OpenAPI snapshot in step with the gateway (npm run gen:api -w web)",
    async () => {
      const live = await (await fetch(`${platform.gateway}/api/openapi.json`)).json();
      const snapshot = JSON.parse(readFileSync(join(root, 'web/openapi.json'), 'utf8')) as unknown;
      expect(live).toEqual(snapshot);
    },
    STEP_TIMEOUT,
  );

  it(
    'logs in as the district admin and shows the dashboard',
    async () => {
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
      expect(await codesShown(page, { strict: true })).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'opens the registry: unit tree, grids on the map and in the table, residents masked',
    async () => {
      await page.getByRole('navigation', { name: '主导航' }).getByText('基础台账').click();
      await page.getByRole('heading', { name: '基础台账' }).waitFor();
      await page.getByRole('region', { name: '网格分布图' }).waitFor();
      // Grids by name, the code on hover.
      const gridCell = page.getByRole('cell', { name: /第\d+网格$/ }).first();
      await gridCell.waitFor();
      expect(await gridCell.locator('span[title]').getAttribute('title')).toMatch(/^440106001\d{3}-G\d+$/);
      expect(await codesShown(page, { strict: true })).toEqual([]);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(shots, 'registry.png') });
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('tab', { name: '人口与户籍' }).click();
      const masked = page.getByRole('cell', { name: /^\d{6}\*{8}\d{3}[\dX]$/ }).first();
      await masked.waitFor();
      await page.screenshot({ path: join(shots, 'registry-people.png') });
      expect(await codesShown(page, { strict: true })).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'dispatches a case from the desk, and the dashboard sees it through the event stream',
    async () => {
      const community = units.community;
      const created = await api('/api/v1/cases', {
        method: 'POST',
        body: {
          title: '路灯不亮（界面测试）',
          category: 'street_light',
          channel: 'hotline_12345',
          unitCode: community,
        },
      });

      // A second tab watches the dashboard's live feed while the first works the desk.
      const watcher = await page.context().newPage();
      await watcher.setViewportSize({ width: 1366, height: 768 });
      await watcher.goto(`${platform.gateway}/login`);
      await watcher.getByLabel('用户名').fill(admin.username);
      await watcher.getByLabel('密码').fill(admin.password);
      await watcher.keyboard.press('Enter');
      await watcher.getByText('已连接').waitFor();

      await page.getByRole('navigation', { name: '主导航' }).getByText('派单台').click();
      await page.getByRole('heading', { name: '派单台' }).waitFor();
      await page.getByRole('link', { name: '路灯不亮（界面测试）' }).click();
      await page.getByRole('dialog').getByText(String(created.id)).waitFor();
      // The open drawer is modal: judge it, not the masked page behind it (axe measures the dimmed
      // toolbar's contrast through the mask).
      expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);

      await page.getByRole('button', { name: /^立\s*案$/ }).click();
      await page.getByRole('button', { name: /^确\s*定$/ }).click();
      await page.getByRole('button', { name: /^派\s*单$/ }).waitFor();
      await page.getByRole('button', { name: /^派\s*单$/ }).click();
      const department = page.getByLabel('承办部门');
      await department.click();
      await page.locator('.ant-select-item-option').first().click();
      await page.getByRole('button', { name: /^确\s*定$/ }).click();
      await page.getByText('已派单').first().waitFor();
      await page.screenshot({ path: join(shots, 'dispatch-case.png') });
      expect(await codesShown(page)).toEqual([]);

      const state = await api(`/api/v1/cases/${created.id}`);
      expect(state.state).toBe('dispatched');
      expect(state.departmentCode).toMatch(/^440106/);

      await watcher.getByText(/派单 · 已派单/).waitFor({ timeout: 30_000 });
      await watcher.screenshot({ path: join(shots, 'dashboard-live.png') });
      await watcher.close();

      await page.goto(`${platform.gateway}/dispatch`);
      await page.getByRole('heading', { name: '派单台' }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(shots, 'dispatch.png') });
      expect(await codesShown(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    "dispatches a grid-located demo case from its drawer: departments from the case's community, street, district",
    async () => {
      const registered = (await api('/api/v1/cases?state=registered&limit=200')).items as Json[];
      const demoCase = registered.find((c) => /-G\d+$/.test(c.unitCode as string));
      expect(demoCase).toBeDefined();
      await page.goto(`${platform.gateway}/dispatch/cases/${demoCase!.id}`);
      const drawer = page.getByRole('dialog');
      await drawer.getByText(String(demoCase!.id)).waitFor();
      await drawer.getByRole('button', { name: /^派\s*单$/ }).click();
      await page.getByLabel('承办部门').click();
      const options = page.locator('.ant-select-item-option');
      await options.first().waitFor();
      // Departments by name (the lookup was asked with the grid-located case's unit and answered).
      const names = await options.allInnerTexts();
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).not.toMatch(/\d{6}-[a-z_]+/);
      expect(names.some((n) => n.startsWith('天河区'))).toBe(true);
      await options.first().click();
      await page.getByRole('button', { name: /^确\s*定$/ }).click();
      await drawer.getByText('已派单').first().waitFor();
      await page.screenshot({ path: join(shots, 'dispatch-grid-case.png') });
      const after = await api(`/api/v1/cases/${demoCase!.id}`);
      expect(after.state).toBe('dispatched');
      expect(after.departmentCode).toMatch(/^440106\d*-[a-z_]+$/);
    },
    STEP_TIMEOUT,
  );

  it(
    'lands every role on a page made for it, showing only what the role may read',
    async () => {
      let listed = 0;
      for (const landing of LANDINGS) {
        const user = await platform.createUser(landing.role, landing.unit(units), {
          department: landing.department,
        });
        const own: string[] = [];
        const tab = await loggedIn(browser, platform.gateway, user, own);
        await tab.getByRole('heading', { name: landing.heading }).waitFor();
        await tab.getByText(landing.shows).first().waitFor();
        await tab.waitForLoadState('networkidle');
        await settled(tab);
        await tab.screenshot({ path: join(shots, `landing-${landing.role}.png`) });
        // Each worklist shows the server's total for its filter, not a count of the rows it holds.
        const as = await demo.token(user);
        for (const list of landing.lists ?? []) {
          const expected = (await api(`/api/v1/cases?${list.query}&withTotal=true&limit=1`, { as })).total;
          const card = tab.locator(`[data-worklist="${list.title}"]`);
          await card
            .locator(`[data-total="${expected}"]`)
            .waitFor({ timeout: 30_000 })
            .catch(() => undefined);
          process.stderr.write(`[web-ui] ${landing.role} ${list.title}: ${expected}\n`);
          listed += expected;
          expect(Number(await card.locator('[data-total]').getAttribute('data-total'))).toBe(expected);
          expect(await card.locator('[data-total]').innerText()).toBe(`共 ${expected} 条`);
        }
        const text = await tab.locator('body').innerText();
        // No widget the role cannot read, no blank page.
        expect(text).not.toContain('您没有访问此内容的权限');
        expect(own).toEqual([]);
        await tab.context().close();
      }
      // Some worklist had cases in it, so the figures above were more than 0 = 0.
      expect(listed).toBeGreaterThan(0);
    },
    STEP_TIMEOUT * 2,
  );

  it(
    'shows the numbers the API counts at district, street and city level',
    async () => {
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const weekAgo = new Date(Date.now() + 8 * 3_600_000 - 6 * 86_400_000).toISOString().slice(0, 10);
      const percent = (r: number | null | undefined) =>
        r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`;
      const check = async (tab: Page, unit: string, as: string) => {
        const counts = await api(`/api/v1/cases/counts?unit=${unit}&day=${today}`, { as });
        const [rates] = (await api(`/api/v1/assessment?unit=${unit}&from=${weekAgo}&to=${today}`, { as }))
          .items as Json[];
        expect(rates).toBeDefined(); // rolled up from streets at district and city level
        expect(rates.rates.response).not.toBeNull();
        const shown = async (title: string) =>
          (
            await tab
              .locator('.ant-statistic')
              .filter({ has: tab.locator('.ant-statistic-title', { hasText: new RegExp(`^${title}$`) }) })
              .first()
              .locator('.ant-statistic-content')
              .innerText()
          ).replace(/[,\s]/g, '');
        // The panel fills in after its requests: wait for the figure, then compare all of them.
        for (let i = 0; i < 60 && (await shown('在办').catch(() => '')) !== String(counts.total.open); i++)
          await tab.waitForTimeout(500);
        expect(await shown('在办')).toBe(String(counts.total.open));
        expect(await shown('今日受理')).toBe(String(counts.total.intake));
        expect(await shown('超期')).toBe(String(counts.total.overdue));
        expect(counts.total.open).toBeGreaterThan(0);
        expect(await shown('响应率')).toBe(percent(rates.rates.response));
        expect(await shown('办结率')).toBe(percent(rates.rates.resolution));
        expect(await shown('满意率')).toBe(percent(rates.rates.satisfaction));
        expect(await shown('按期办结率')).toBe(percent(rates.rates.onTime));
        return counts;
      };

      // The district: its own figures, then a street drilled into.
      // Its own tab, logged in here: the test stands alone (`-t numbers`).
      const page = await loggedIn(browser, platform.gateway, admin, errors);
      await page.getByRole('heading', { name: '一屏观天下' }).waitFor();
      const district = await check(page, '440106', adminToken);
      // The counts are the cases' own figures: every case of the district, read page by page.
      const all: Json[] = [];
      let after: string | null = null;
      do {
        const body = await api(`/api/v1/cases?unit=440106&limit=200${after ? `&after=${after}` : ''}`);
        all.push(...(body.items as Json[]));
        after = body.nextCursor as string | null;
      } while (after);
      const open = all.filter((c) => c.state !== 'closed' && !c.mergedInto);
      const dayStart = Date.parse(`${today}T00:00:00+08:00`);
      expect(district.total).toEqual({
        unit: '440106',
        intake: all.filter((c) => Date.parse(c.createdAt as string) >= dayStart).length,
        open: open.length,
        overdue: open.filter((c) => c.overdue).length,
      });
      // One demo street holds every case: the district's rolled-up counters are that street's.
      const [streetFigures] = (await api(`/api/v1/assessment?unit=440106001&from=${weekAgo}&to=${today}`))
        .items as Json[];
      const [districtFigures] = (await api(`/api/v1/assessment?unit=440106&from=${weekAgo}&to=${today}`))
        .items as Json[];
      expect(districtFigures.level).toBe('district');
      expect(districtFigures.counts).toEqual(streetFigures.counts);
      expect(districtFigures.counts.dispatched).toBeGreaterThan(0);
      expect(district.children.length).toBeGreaterThan(0);
      const street = (await api('/api/v1/registry/units?parent=440106&limit=1')).items[0];
      // The drill-down names the level below the one shown: streets of a district, communities of a street.
      const drill = page.locator('.ant-select', { has: page.getByLabel('下钻到下级区域') });
      await drill.getByText('选择街道', { exact: true }).waitFor();
      await page.getByLabel('下钻到下级区域').click();
      await page
        .locator('.ant-select-item-option', { hasText: street.name as string })
        .first()
        .click();
      await page
        .locator('.ant-breadcrumb')
        .getByText(street.name as string)
        .waitFor();
      await check(page, street.code as string, adminToken);
      await drill.getByText('选择社区', { exact: true }).waitFor();
      expect(await codesShown(page, { strict: true })).toEqual([]);
      await page.screenshot({ path: join(shots, 'dashboard-street.png') });

      // A ranked community clicked: the dashboard drills into it (its grids next), with its own counts.
      const ranked = page.locator('.ant-card', { hasText: '考核排名' }).locator('tbody a').first();
      const communityName = await ranked.innerText();
      const communityCode = (await ranked.getAttribute('title'))!;
      expect(communityCode).toMatch(/^440106001\d{3}$/);
      await ranked.click();
      await page.locator('.ant-breadcrumb').getByText(communityName).waitFor();
      await drill.getByText('选择网格', { exact: true }).waitFor();
      const communityCounts = await api(`/api/v1/cases/counts?unit=${communityCode}&day=${today}`);
      const inCommunity = page
        .locator('.ant-statistic')
        .filter({ has: page.locator('.ant-statistic-title', { hasText: /^在办$/ }) })
        .first()
        .locator('.ant-statistic-content');
      for (let i = 0; i < 60 && (await inCommunity.innerText()) !== String(communityCounts.total.open); i++)
        await page.waitForTimeout(500);
      expect(await inCommunity.innerText()).toBe(String(communityCounts.total.open));
      await page.screenshot({ path: join(shots, 'dashboard-community.png') });

      // The city: the same figures rolled up, and the districts ranked.
      const cityUser = await platform.createUser('city_admin', '4401');
      const cityToken = await token(cityUser);
      const city = await loggedIn(browser, platform.gateway, cityUser, errors);
      await city.getByRole('heading', { name: '一屏观天下' }).waitFor();
      await check(city, '4401', cityToken);
      const ranking = city.locator('.ant-card', { hasText: '考核排名' });
      await ranking.getByRole('cell', { name: '天河区' }).waitFor();
      await city.waitForLoadState('networkidle');
      await city.screenshot({ path: join(shots, 'dashboard-city.png') });
      await city.context().close();
      await page.context().close();
    },
    STEP_TIMEOUT,
  );
});
