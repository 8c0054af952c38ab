import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServiceProcess } from '@yiwang/testing';
import { startPlatform, type PlatformStack, type TestUser } from './platform-stack.js';
import type { DemoUnits } from './web-browser.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers are read generically here
export type Json = Record<string, any>;

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '';
export const haveChromium = Boolean(chromiumPath) && existsSync(chromiumPath);
/** Screenshots of the browser suites, kept as test output. */
export const shots = join(root, '.test-artifacts', 'web');

export interface WebDemo {
  platform: PlatformStack;
  admin: TestUser;
  adminToken: string;
  units: DemoUnits;
  token(user: TestUser): Promise<string>;
  /** The API as the district admin (or `as` another token); throws on anything but 2xx. */
  api(path: string, init?: { method?: string; body?: unknown; as?: string }): Promise<Json>;
}

/**
 * The platform with the demo data the browser suites read: one street of 天河区 with its grids, and demo
 * cases in every lifecycle state, each located in a grid (as `npm start` seeds them).
 */
export async function startWebDemo(namespace: string, log: (what: string) => void): Promise<WebDemo> {
  const platform = await startPlatform(namespace);
  log('platform up');
  const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
    'demo',
    '--district',
    '440106',
    '--streets',
    '1',
  ]);
  if ((await demo.exited()) !== 0) throw new Error(`grid demo failed: ${demo.stderr.join('').slice(-3000)}`);
  log('demo street loaded');
  const cases = ServiceProcess.start(
    'case',
    { ...platform.env, GRID_GRPC_ADDR: `127.0.0.1:${platform.ports.grid.grpc}` },
    'cli.js',
    ['demo', '--district', '440106', '--count', '60'],
  );
  if ((await cases.exited()) !== 0)
    throw new Error(`case demo failed: ${cases.stderr.join('').slice(-3000)}`);
  log('demo cases seeded');
  const token = async (user: TestUser) => {
    const login = await fetch(`${platform.gateway}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
    return ((await login.json()) as { access_token: string }).access_token;
  };
  const admin = await platform.createUser('district_admin', '440106');
  const adminToken = await token(admin);
  const api: WebDemo['api'] = async (path, init = {}) => {
    const response = await fetch(`${platform.gateway}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.as ?? adminToken}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Json;
  };
  const community = (await api('/api/v1/registry/units?parent=440106001&limit=1')).items[0].code as string;
  const units = {
    city: '4401',
    district: '440106',
    street: '440106001',
    community,
    grid: `${community}-G01`,
  };
  return { platform, admin, adminToken, units, token, api };
}
