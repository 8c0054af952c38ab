import { waitFor } from '@yiwang/testing';
import { type Json } from './case-fixture.js';
import { OFFICE, STREET, startLifecycleWorld, type LifecycleWorld } from './case-lifecycle.world.js';

/**
 * Worklists as server-side filtered, keyset-paged queries (issue 13): more matching cases than one page of
 * 200 are all reached, ordered by time left; the title search, the short id and the 督办 filter; and the
 * names lookup held to the caller's scope.
 */
describe('case worklists and scoped names through the gateway', () => {
  let w: LifecycleWorld;
  const TOKEN = '清单压测';
  const COUNT = 205;
  const ids: string[] = [];

  /** Runs `fn` over `items` with a few requests in flight at once. */
  async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < items.length) await fn(items[next++]);
      }),
    );
  }

  beforeAll(async () => {
    w = await startLifecycleWorld('case-worklists');
    const { f, t } = w;
    await pool(
      Array.from({ length: COUNT }, (_, i) => i),
      2,
      async (i) => {
        const c = await f.create(t.street, { unitCode: STREET, title: `${TOKEN} 第${i}号 路灯` });
        await f.act(t.street, c.id, 'register');
        await f.act(t.street, c.id, 'dispatch', { departmentCode: OFFICE });
        ids.push(c.id);
      },
    );
    // The clocks start when case-clock consumes the dispatch events: wait until every case has one, as a
    // worklist ordered by a key that is still moving can skip or repeat a row between pages.
    await waitFor(
      async () => {
        const q = `q=${encodeURIComponent(TOKEN)}&limit=200&sort=deadline`;
        const a = await f.json('GET', `/api/v1/cases?${q}`, t.office);
        const b = await f.json('GET', `/api/v1/cases?${q}&after=${a.nextCursor}`, t.office);
        return [...a.items, ...b.items].filter((c: Json) => c.nextDeadline).length === COUNT || undefined;
      },
      { what: 'a running clock on every case', timeoutMs: 60_000, intervalMs: 500 },
    );
  }, 600_000);

  afterAll(async () => {
    await w?.f.stop();
  });

  const list = (query: string, token = w.t.office) => w.f.json('GET', `/api/v1/cases?${query}`, token);

  it('pages the 待接单 worklist by time left through every one of 205 cases, with the total', async () => {
    const q = `state=dispatched&department=${OFFICE}&q=${encodeURIComponent(TOKEN)}&sort=deadline&withTotal=true`;
    const first = await list(`${q}&limit=200`);
    expect(first.items).toHaveLength(200);
    expect(first.total).toBe(COUNT);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`${q}&limit=200&after=${first.nextCursor}`);
    expect(second.items).toHaveLength(COUNT - 200);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((c: Json) => c.id))).toEqual(new Set(ids));
    // Time left, least first: every case has its running clock, and the due times never go back.
    const due = all.map((c: Json) => Date.parse(c.nextDeadline.dueAt));
    expect(due.every((d, i) => i === 0 || d >= due[i - 1])).toBe(true);
    // A cursor of one order is refused by another.
    const wrong = await w.f.request('GET', `/api/v1/cases?after=${first.nextCursor}`, w.t.office);
    expect(wrong.status).toBe(400);
  });

  it('pages oldest first and newest first over the same 205 cases in opposite orders', async () => {
    const q = `q=${encodeURIComponent(TOKEN)}&limit=150`;
    const walk = async (sort: string) => {
      const a = await list(`${q}&sort=${sort}`, w.t.street);
      const b = await list(`${q}&sort=${sort}&after=${a.nextCursor}`, w.t.street);
      return [...a.items, ...b.items].map((c: Json) => c.id);
    };
    const oldest = await walk('oldest');
    const newest = await walk('newest');
    expect(oldest).toHaveLength(COUNT);
    expect(newest).toEqual([...oldest].reverse());
  });

  it('searches titles literally and opens a case by the short id shown on screen', async () => {
    const one = await list(`q=${encodeURIComponent(`${TOKEN} 第17号`)}&withTotal=true`);
    expect(one.total).toBe(1);
    expect(one.items[0].title).toBe(`${TOKEN} 第17号 路灯`);
    // LIKE wildcards are text, not patterns.
    expect((await list(`q=${encodeURIComponent('%')}&withTotal=true`)).total).toBe(0);
    const id: string = one.items[0].id;
    const short = await list(`idPrefix=${id.slice(0, 8).toUpperCase()}`);
    expect(short.items.map((c: Json) => c.id)).toEqual([id]);
    const longer = await list(`idPrefix=${id.slice(0, 13)}`);
    expect(longer.items.map((c: Json) => c.id)).toEqual([id]);
    // Outside the caller's scope a short id finds nothing.
    expect((await list(`idPrefix=${id.slice(0, 8)}`, w.t.otherStreet)).items).toEqual([]);
    const bad = await w.f.request('GET', '/api/v1/cases?idPrefix=xyz', w.t.office);
    expect(bad.status).toBe(400);
  });

  it('lists the 督办 worklist: only the cases a supervisor pressed', async () => {
    const pressed = ids.slice(0, 3);
    for (const id of pressed) await w.f.act(w.t.supervisor, id, 'supervise', { reason: '群众反映强烈' });
    const page = await list(`supervised=true&q=${encodeURIComponent(TOKEN)}&withTotal=true`, w.t.supervisor);
    expect(page.total).toBe(3);
    expect(new Set(page.items.map((c: Json) => c.id))).toEqual(new Set(pressed));
    const open = await list(`open=true&q=${encodeURIComponent(TOKEN)}&withTotal=true`, w.t.supervisor);
    expect(open.total).toBe(COUNT);
  });

  it('answers names only within the caller scope and the ancestors on its path', async () => {
    const { f, t, grid } = w;
    const community = grid.code.split('-')[0];
    const units = await f.json('GET', `/api/v1/registry/units?parent=${STREET}`, t.admin);
    const neighbour = units.items.map((u: Json) => u.code).find((c: string) => c !== community);
    expect(neighbour).toEqual(expect.any(String));
    const codes = [community, neighbour, STREET, '440106', OFFICE, grid.code].join(',');
    const names = async (token: string) =>
      ((await f.json('GET', `/api/v1/registry/names?codes=${codes}`, token)).items as Json[])
        .map((n) => n.code)
        .sort();
    // The district admin reads every one of them.
    expect(await names(t.admin)).toEqual([community, neighbour, STREET, '440106', OFFICE, grid.code].sort());
    // The community worker: its own community and grid, its street and district, the street's department;
    // not the neighbouring community.
    expect(await names(t.community)).toEqual([community, STREET, '440106', OFFICE, grid.code].sort());
  });
});
