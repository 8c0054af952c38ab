import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page: the serious and critical violations (none allowed). */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE); // through the debugger protocol: the gateway's CSP refuses inline scripts
  // Judge the resting page: no hover colour under the pointer left where the last click was, and no drawer
  // or button still fading in (finite animations end first, at most 3 s).
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    interface Running {
      effect: { getTiming(): { iterations?: number } } | null;
      finished: Promise<unknown>;
    }
    const doc = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document;
    const finite = doc.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    return Promise.race([
      Promise.all(finite.map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]);
  });

  const violations = await page.evaluate(async (selector) => {
    const axe = (
      globalThis as unknown as { axe: { run(context?: unknown): Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await (selector ? axe.run(selector) : axe.run())).violations;
  }, within);
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** A fresh 1366×768 zh-CN tab logged in as the user, on the page the user lands on. */
export async function loggedIn(
  browser: Browser,
  gateway: string,
  user: { username: string; password: string },
  errors: string[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${user.username}: ${error.message}`));
  await page.goto(`${gateway}/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** Raw unit and grid codes (4401…) and department codes (440106-urban_management) in a text. */
const UNIT_CODE = /\b4401\d{5,}\b/g;
const DEPARTMENT_CODE = /\b\d{6}-[a-z_]+\b/g;
/**
 * Any division code at the lengths units have (district 6, street 9, community 12 digits), with a grid
 * suffix or not: the stricter check of the dashboard and the registry. (Case short ids are 8 characters.)
 */
const ANY_UNIT_CODE = /\b(?:\d{6}|\d{9}|\d{12})(?:-G\d+)?\b/g;
/** ID numbers masked for display (440106********123X): digits, but no code. */
const MASKED_ID = /\d{6}\*{8}\d{3}[\dX]/g;

/**
 * The codes a user would read on the page (its visible text: names are shown, codes only on hover), once
 * the names have had a moment to arrive. `strict` looks for any 6-, 9- or 12-digit division code.
 */
export async function codesShown(page: Page, options: { strict?: boolean } = {}): Promise<string[]> {
  let found: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const text = (await page.locator('body').innerText()).replace(MASKED_ID, '');
    found = [
      ...(text.match(options.strict ? ANY_UNIT_CODE : UNIT_CODE) ?? []),
      ...(text.match(DEPARTMENT_CODE) ?? []),
    ];
    if (found.length === 0) return [];
    await page.waitForTimeout(250);
  }
  return [...new Set(found)];
}

/** Waits until nothing on the page is loading (no spinning indicator), at most 60 s on a busy machine. */
export async function settled(page: Page): Promise<void> {
  for (let i = 0; i < 240 && (await page.locator('.ant-spin-spinning').count()) > 0; i++)
    await page.waitForTimeout(250);
}

/** What each role's landing page must show (issue 13): a heading and one thing made for that role. */
export const LANDINGS: {
  role: string;
  unit: (u: DemoUnits) => string;
  department?: string;
  heading: string;
  shows: string;
  /** The role's worklists: each card's title and the case list's filters it stands for (deadline order). */
  lists?: { title: string; query: string }[];
}[] = [
  { role: 'city_admin', unit: (u) => u.city, heading: '一屏观天下', shows: '今日受理' },
  { role: 'district_admin', unit: (u) => u.district, heading: '一屏观天下', shows: '今日受理' },
  {
    role: 'street_dispatcher',
    unit: (u) => u.street,
    heading: '街道派单',
    shows: '待立案、待派单、退回待裁定',
    lists: [
      { title: '待立案、待派单、退回待裁定', query: 'state=reported,registered,returned' },
      { title: '超期案件', query: 'open=true&overdue=true' },
    ],
  },
  { role: 'community_worker', unit: (u) => u.community, heading: '网格工作台', shows: '我的网格' },
  { role: 'grid_worker', unit: (u) => u.grid, heading: '网格工作台', shows: '我的网格' },
  {
    role: 'department_handler',
    unit: (u) => u.district,
    department: '440106-urban_management',
    heading: '部门承办',
    shows: '待接单',
    lists: [
      { title: '待接单', query: 'state=dispatched&department=440106-urban_management' },
      {
        title: '办理中',
        query: 'state=accepted,in_progress,suspended,returned&department=440106-urban_management',
      },
    ],
  },
  {
    role: 'supervisor',
    unit: (u) => u.district,
    heading: '督办工作台',
    shows: '督办单（黄牌、红牌）',
    lists: [
      { title: '超期案件', query: 'open=true&overdue=true' },
      { title: '督办中的案件', query: 'open=true&supervised=true' },
    ],
  },
];

export interface DemoUnits {
  city: string;
  district: string;
  street: string;
  community: string;
  grid: string;
}
