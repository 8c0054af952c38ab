import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { chromium, type Browser, type Page } from 'playwright-core';
import { unitPathOf, type CaseTransitionPayload } from '@yiwang/contracts';
import { codesShown, LANDINGS, loggedIn, seriousViolations, settled } from './web-browser.js';
import { chromiumPath, haveChromium, shots, startWebDemo, type Json, type WebDemo } from './web-demo.js';

const STEP_TIMEOUT = 240_000;

/** The check character of a mainland ID number (GB 11643, ISO 7064 MOD 11-2). */
function idCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return '10X98765432'[sum % 11];
}

/**
 * The app shell, the notification bell, the registry's grids and import report, the grid worker's registry,
 * and every role on every page of its menu, in headless Chromium at 1366×768 with the demo data (web-ui.spec
 * covers login, the desk and the dashboard's numbers).
 */
(haveChromium ? describe : describe.skip)('web UI shell, alerts and registry in a browser', () => {
  let demo: WebDemo;
  let browser: Browser;
  let nats: NatsConnection;
  const errors: string[] = [];
  const open: Page[] = [];
  const tab = async (user: { username: string; password: string }) => {
    const page = await loggedIn(browser, demo.platform.gateway, user, errors);
    open.push(page);
    return page;
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const started = Date.now();
    demo = await startWebDemo('webshell', (what) =>
      process.stderr.write(`[web-ui-shell] ${what} after ${Math.round((Date.now() - started) / 1000)} s\n`),
    );
    nats = await connect({ servers: demo.platform.env.NATS_URL });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  }, 600_000);

  afterEach(async () => {
    for (const page of open.splice(0)) await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await nats?.drain().catch(() => undefined);
    await demo?.platform.stop();
    expect(errors).toEqual([]);
  });

  it(
    'has a collapsible sider that stays as left, and a user menu with name, role and unit, and logout',
    async () => {
      const page = await tab(demo.admin);
      await page.getByRole('heading', { name: '一屏观天下' }).waitFor();
      const sider = page.locator('.ant-layout-sider');
      expect((await sider.boundingBox())!.width).toBe(188);
      await page.getByRole('button', { name: '收起导航' }).click();
      await page.waitForTimeout(400); // the sider's transition
      expect((await sider.boundingBox())!.width).toBe(64);
      await page.reload();
      await page.getByRole('heading', { name: '一屏观天下' }).waitFor();
      expect((await sider.boundingBox())!.width).toBe(64);
      await page.screenshot({ path: join(shots, 'shell-collapsed.png') });
      await page.getByRole('button', { name: '展开导航' }).click();
      await page.waitForTimeout(400);
      expect((await sider.boundingBox())!.width).toBe(188);

      await page.getByRole('button', { name: new RegExp(demo.admin.username) }).click();
      const menu = page.locator('.ant-dropdown-menu');
      await menu.getByText('角色：区级管理员').waitFor();
      await menu.getByText('单位：天河区').waitFor();
      await page.screenshot({ path: join(shots, 'shell-user-menu.png') });
      expect(await seriousViolations(page)).toEqual([]);
      // Still open after the check (a click outside closes it); opened again if not.
      const logout = menu.getByText('退出登录');
      if (!(await logout.isVisible()))
        await page.getByRole('button', { name: new RegExp(demo.admin.username) }).click();
      await logout.click();
      await page.waitForURL('**/login');
    },
    STEP_TIMEOUT,
  );

  it(
    "rings the bell for the cases already alerting and a deadline warning in the user's scope only, and opens the case from it",
    async () => {
      const { units, api } = demo;
      const active = (await api('/api/v1/cases?state=dispatched&limit=200')).items as Json[];
      // A grid-located case outside the grid worker's grid.
      const target = active.find((c) => /-G\d+$/.test(c.unitCode as string) && c.unitCode !== units.grid);
      expect(target).toBeDefined();
      const [category] = (await api(`/api/v1/cases/categories`)).items.filter(
        (c: Json) => c.code === target!.category,
      ) as Json[];
      // The bell starts with the overdue and warned cases already in the user's scope (the server's total).
      const existing = await api(
        '/api/v1/cases?alert=overdue_or_warning&sort=deadline&limit=20&withTotal=true',
      );
      const loaded = (existing.items as Json[]).map((c) => c.id);
      const admin = await tab(demo.admin);
      const worker = await tab(await demo.platform.createUser('grid_worker', units.grid));
      await admin.getByRole('button', { name: `消息提醒，${existing.total} 条未读` }).waitFor();
      await worker.getByRole('button', { name: /^消息提醒，\d+ 条未读$/ }).waitFor();
      // Both streams are open and the existing cases loaded before the warning is sent.
      await admin.waitForTimeout(2000);
      const workerBefore = await worker
        .getByRole('button', { name: /^消息提醒，\d+ 条未读$/ })
        .getAttribute('data-unread');

      const payload: CaseTransitionPayload = {
        caseId: target!.id as string,
        seq: 1000,
        category: target!.category as string,
        channel: target!.channel as string,
        priority: target!.priority as CaseTransitionPayload['priority'],
        state: target!.state as CaseTransitionPayload['state'],
        previousState: target!.state as CaseTransitionPayload['state'],
        unitCode: target!.unitCode as string,
        unitPath: unitPathOf(target!.unitCode as string),
        departmentCode: (target!.departmentCode as string | null) ?? null,
        actor: { subject: 'deadline-scheduler', role: 'system', unitCode: null, departmentCode: null },
        reason: null,
        details: { clock: 'handling' },
        occurredAt: new Date().toISOString(),
      };
      await jetstream(nats).publish(
        `${demo.platform.env.NATS_PREFIX}.case.v1.deadline-warning`,
        JSON.stringify(payload),
      );

      // A live event about a case the bell has loaded already is counted in the total.
      const ringing = `消息提醒，${existing.total + (loaded.includes(target!.id) ? 0 : 1)} 条未读`;
      await admin.getByRole('button', { name: ringing }).waitFor({ timeout: 30_000 });
      // The grid worker's stream is scoped to their grid: nothing for a case in another grid.
      await worker.waitForTimeout(3000);
      expect(
        await worker.getByRole('button', { name: /^消息提醒，\d+ 条未读$/ }).getAttribute('data-unread'),
      ).toBe(workerBefore);

      await admin.getByRole('button', { name: ringing }).click();
      const item = admin.locator('.ant-popover .ant-list-item').first();
      await item.getByText('临期预警').waitFor();
      const unitName = (await api(`/api/v1/registry/names?codes=${target!.unitCode}`)).items[0]
        .name as string;
      expect(await item.innerText()).toContain(category ? (category.nameZh as string) : '');
      expect(await item.innerText()).toContain(unitName);
      // The live warning first, then the loaded cases it does not repeat.
      expect(await admin.locator('.ant-popover .ant-list-item').count()).toBe(
        1 + loaded.filter((id) => id !== target!.id).length,
      );
      await admin.screenshot({ path: join(shots, 'shell-alerts.png') });
      await item.getByRole('button', { name: '查看' }).click();
      await admin.waitForURL(`**/dispatch/cases/${target!.id}`);
      await admin.getByRole('dialog').getByText(String(target!.id)).waitFor();
      await admin.getByRole('button', { name: '消息提醒，0 条未读' }).waitFor();
    },
    STEP_TIMEOUT,
  );

  it(
    'pages the grids with their total, filters and exports them, shows the picked grid and why it falls short',
    async () => {
      const { api } = demo;
      const first = await api('/api/v1/registry/grids?unit=440106&limit=20');
      // The first grid loses its head: it is below standard, and the page must say why.
      const grid = first.items[0] as Json;
      for (const member of (grid.staff as Json[]).filter((s) => s.role === 'head' && !s.until))
        await api(`/api/v1/registry/grid-staff/${member.id}/end`, { method: 'POST', body: {} });
      const report = await api('/api/v1/registry/staffing-report?unit=440106');
      const shortfall = (report.belowStandard as Json[]).find((r) => r.gridCode === grid.code)!;
      expect(shortfall.hasHead).toBe(false);
      const reasons = ['缺网格长'];
      if (shortfall.fullTime < shortfall.minFullTime)
        reasons.push(
          `专职网格员 ${shortfall.fullTime}/${shortfall.minFullTime} 人，差 ${shortfall.minFullTime - shortfall.fullTime} 人`,
        );
      if (shortfall.partTime < shortfall.minPartTime)
        reasons.push(
          `兼职网格员 ${shortfall.partTime}/${shortfall.minPartTime} 人，差 ${shortfall.minPartTime - shortfall.partTime} 人`,
        );

      const page = await tab(demo.admin);
      await page.goto(`${demo.platform.gateway}/registry`);
      await page.getByRole('heading', { name: '基础台账' }).waitFor();
      await page.getByText(`共 ${first.total} 个网格`).waitFor();
      expect(first.total).toBeGreaterThan(20);
      const rows = page
        .getByRole('tabpanel', { name: '网格与力量' })
        .locator('.ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(20);
      const row = rows.filter({ hasText: grid.name as string }).first();
      expect(await row.innerText()).toContain(`配置未达标：${reasons.join('；')}`);

      // The picked grid: its details, staff and the same reason beside the map.
      await row.click();
      const detail = page.getByRole('region', { name: '网格详情' });
      await detail
        .getByText(grid.name as string)
        .first()
        .waitFor();
      expect(await detail.innerText()).toContain(reasons.join('；'));
      await settled(page);
      await page.screenshot({ path: join(shots, 'registry-grid-selected.png') });
      expect(await codesShown(page, { strict: true })).toEqual([]);

      // Filtered by name on the server, with the total of what matches.
      const name = (first.items[3] as Json).name as string;
      const named = await api(`/api/v1/registry/grids?unit=440106&limit=20&q=${encodeURIComponent(name)}`);
      await page.getByRole('searchbox', { name: '搜索网格名称或编码' }).fill(name);
      await page.keyboard.press('Enter');
      await page.getByText(`共 ${named.total} 个网格`).waitFor();
      await rows.first().getByText(name).waitFor();
      expect(await rows.count()).toBe(named.items.length);

      // The export: every matching grid, with the reason for a shortfall.
      await page.getByRole('searchbox', { name: '搜索网格名称或编码' }).fill('');
      await page.keyboard.press('Enter');
      await page.getByText(`共 ${first.total} 个网格`).waitFor();
      await page.getByRole('button', { name: /导\s*出/ }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.ant-dropdown-menu-item', { hasText: 'CSV' }).click(),
      ]);
      const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.trim().split(/\r?\n/);
      expect(lines.length).toBe(first.total + 1);
      expect(lines.find((l) => l.startsWith(grid.code as string))).toContain(reasons.join('；'));
    },
    STEP_TIMEOUT,
  );

  it(
    'reports rejected import lines in Chinese: row, field and reason',
    async () => {
      const page = await tab(demo.admin);
      await page.goto(`${demo.platform.gateway}/registry`);
      await page.getByRole('tab', { name: '批量导入' }).click();
      const good = `11010119900307451`;
      const id = good + idCheck(good);
      const wrong = good + (idCheck(good) === '0' ? '1' : '0');
      const c = demo.units.community;
      const csv = [
        'household_no,community_code,building,entrance,room,address,name,id_number,phone,relation',
        `T1,${c},,,,测试地址1,,${id},,户主`,
        `T2,${c},,,,测试地址2,张三,${wrong},,户主`,
        `T3,${c},,,,测试地址3`,
      ].join('\n');
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      const table = page.getByRole('tabpanel', { name: '批量导入' }).locator('.ant-table-tbody');
      await table.getByText('校验位不正确').waitFor({ timeout: 60_000 });
      const cells = await table
        .locator('tr.ant-table-row')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(cells).toEqual([
        ['2', '姓名', '不能为空'],
        ['3', '身份证号', '校验位不正确'],
        ['4', '整行', '该行有 6 列，表头有 10 列'],
      ]);
      await page.screenshot({ path: join(shots, 'registry-import-errors.png') });
    },
    STEP_TIMEOUT,
  );

  it(
    'shows the grid worker their grid and the units above it in the registry, by name',
    async () => {
      const { units, api } = demo;
      const page = await tab(await demo.platform.createUser('grid_worker', units.grid));
      await page.goto(`${demo.platform.gateway}/registry`);
      await page.getByRole('heading', { name: '基础台账' }).waitFor();
      const codes = [units.district, units.street, units.community, units.grid];
      const names = (await api(`/api/v1/registry/names?codes=${codes.join(',')}`)).items as Json[];
      const expected = codes.map((code) => names.find((n) => n.code === code)!.name as string);
      const tree = page.getByRole('navigation', { name: '行政区划' });
      await tree.getByText(expected[3]).waitFor();
      expect(await tree.locator('.ant-tree-title').allInnerTexts()).toEqual(expected);
      await page.getByRole('region', { name: '网格详情' }).getByText(expected[3]).first().waitFor();
      expect(await page.locator('body').innerText()).not.toContain('暂无数据');
      await settled(page);
      await page.screenshot({ path: join(shots, 'registry-grid-worker.png') });
      expect(await codesShown(page, { strict: true })).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'opens every page of every role’s menu, screenshotted, with no refusal and no code shown',
    async () => {
      for (const landing of LANDINGS) {
        const user = await demo.platform.createUser(landing.role, landing.unit(demo.units), {
          department: landing.department,
        });
        const page = await tab(user);
        await page.getByRole('heading', { name: landing.heading }).waitFor();
        const nav = page.getByRole('navigation', { name: '主导航' });
        const items = await nav
          .locator('.ant-menu-item')
          .evaluateAll((els) =>
            els
              .filter((el) => !el.querySelector('[title="即将上线"]'))
              .map((el) => el.getAttribute('data-menu-id')?.replace(/^.*-(\/[^/]*)$/, '$1') ?? ''),
          );
        expect(items.length).toBeGreaterThan(0);
        for (const path of items) {
          await page.goto(`${demo.platform.gateway}${path}`);
          await page.locator('main h2').first().waitFor();
          await page.waitForLoadState('networkidle');
          await settled(page);
          const name = path === '/' ? 'home' : path.slice(1);
          await page.screenshot({ path: join(shots, `role-${landing.role}-${name}.png`) });
          const text = await page.locator('body').innerText();
          expect({ path, refused: text.includes('您没有访问此内容的权限') }).toEqual({
            path,
            refused: false,
          });
          if (path === '/dashboard' || path === '/registry' || path === '/')
            expect({ path, codes: await codesShown(page, { strict: true }) }).toEqual({ path, codes: [] });
        }
        await page.context().close();
        open.splice(open.indexOf(page), 1);
      }
    },
    STEP_TIMEOUT * 3,
  );
});
