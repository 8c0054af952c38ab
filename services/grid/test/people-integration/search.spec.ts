import { queryRows, sql } from '@yiwang/platform';
import { makeIdNumber, PiiCipher, pinyinInitials } from '../../src/people/index.js';
import type { ResidentView } from '../../src/people/resident-presenter.js';
import type { SearchQuery } from '../../src/people/resident-search.repository.js';
import type { ResidentSearch } from '../../src/people/resident-search.service.js';
import { scopeOf, PERMISSIONS, type DataScope } from '../../src/scope/data-scope.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import {
  ALL,
  as,
  domainError,
  nextIdNumber,
  startPeople,
  user,
  type PeopleFixture,
} from './people-fixture.js';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('resident search', () => {
  let f: PeopleFixture;
  let desk: ReturnType<typeof user>;
  const created: (ResidentView & { idPlain: string })[] = [];

  beforeAll(async () => {
    f = await startPeople();
    desk = user(f.street, ALL);
    await as(desk, async () => {
      const people: [string, string, number][] = [
        ['张伟', f.gridA1, 12],
        ['张三', f.gridA1, 8],
        ['李娜', f.gridA2, 6],
      ];
      for (const [name, gridCode, count] of people) {
        for (let i = 0; i < count; i += 1) {
          const idPlain = nextIdNumber();
          created.push({ ...(await f.residents.create({ name, idNumber: idPlain, gridCode })), idPlain });
        }
      }
      for (const r of created.filter((c) => c.name === '张伟').slice(0, 9))
        await f.tags.set(r.id, 'low_income');
    });
  });

  afterAll(() => f?.close());

  /** Every page of a search, checking that each page is full until the last. */
  async function allPages(search: ResidentSearch, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { residents: ResidentView[]; next: string | null } = await as(desk, () =>
        f.search.search({ ...search, cursor, limit }),
      );
      if (page.next) expect(page.residents).toHaveLength(limit);
      ids.push(...page.residents.map((r) => r.id));
      cursor = page.next;
      pages += 1;
    } while (cursor && pages < 100);
    return { ids, pages };
  }

  const expected = (filter: (r: ResidentView) => boolean, key: (r: ResidentView) => string) =>
    created
      .filter(filter)
      .sort((a, b) => byteOrder(key(a), key(b)) || byteOrder(a.id, b.id))
      .map((r) => r.id);

  it('pages through a name prefix by (name, id) with no duplicates and no gaps', async () => {
    const { ids, pages } = await allPages({ name: '张' }, 5);
    expect(pages).toBe(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expected(
        (r) => r.name.startsWith('张'),
        (r) => r.name,
      ),
    );
    expect((await allPages({ name: '张伟' }, 5)).ids).toEqual(
      expected(
        (r) => r.name === '张伟',
        (r) => r.name,
      ),
    );
    expect((await allPages({ name: '张伟x' }, 5)).ids).toEqual([]);
    // LIKE wildcards in the input are literal.
    expect((await allPages({ name: '%' }, 5)).ids).toEqual([]);
  });

  it('pages through pinyin initials', async () => {
    expect((await allPages({ initials: 'Z' }, 3)).ids).toEqual(
      expected(
        (r) => r.nameInitials.startsWith('z'),
        (r) => r.nameInitials,
      ),
    );
    expect((await allPages({ initials: 'zw' }, 4)).ids).toHaveLength(12);
    expect((await allPages({ initials: 'ln' }, 50)).ids).toHaveLength(6);
  });

  it('finds exactly one resident by ID number, whatever its case and spacing', async () => {
    const target = created[3];
    const page = await as(desk, () => f.search.search({ idNumber: ` ${target.idPlain.toLowerCase()} ` }));
    expect(page.residents.map((r) => r.id)).toEqual([target.id]);
    expect(page.residents[0].idNumber).not.toBe(target.idPlain);
    const invalid = await domainError(as(desk, () => f.search.search({ idNumber: '123' })));
    expect(invalid.details[0].field).toBe('idNumber');
  });

  it('pages through a unit subtree by (path, id)', async () => {
    const inGrid = await allPages({ unitCode: f.gridA1 }, 7);
    expect(inGrid.ids).toEqual(
      expected(
        (r) => r.gridCode === f.gridA1,
        (r) => r.path,
      ),
    );
    const street = await allPages({ unitCode: f.street }, 10);
    expect(street.ids).toEqual(
      expected(
        () => true,
        (r) => r.path,
      ),
    );
    expect(street.pages).toBe(3);
    // Combined: a name inside a subtree.
    expect((await allPages({ name: '张', unitCode: f.gridA2 }, 5)).ids).toEqual([]);
    expect((await allPages({ name: '李', unitCode: f.communityA }, 5)).ids).toHaveLength(6);
  });

  it('pages through a tag, for callers entitled to see it', async () => {
    const { ids } = await allPages({ tag: 'low_income' }, 4);
    const tagged = created.filter((r) => r.name === '张伟').slice(0, 9);
    expect(ids).toEqual(tagged.map((r) => r.id).sort(byteOrder));
    const page = await as(desk, () => f.search.search({ tag: 'low_income', limit: 1 }));
    expect(page.residents[0].tags?.map((t) => t.tag)).toEqual(['low_income']);
  });

  it('refuses bad pages, cursors and mixed criteria', async () => {
    for (const limit of [0, 201, 1.5]) {
      expect(
        (await domainError(as(desk, () => f.search.search({ name: '张', limit })))).details[0].field,
      ).toBe('limit');
    }
    const { next } = await as(desk, () => f.search.search({ name: '张', limit: 2 }));
    expect(next).toBeTruthy();
    expect(await domainError(as(desk, () => f.search.search({ initials: 'z', cursor: next })))).toMatchObject(
      {
        code: 'registry.invalid_cursor',
      },
    );
    for (const cursor of ['garbage!', Buffer.from('{"k":"name","s":"x","i":"1"}').toString('base64url')]) {
      expect(await domainError(as(desk, () => f.search.search({ name: '张', cursor })))).toMatchObject({
        code: 'registry.invalid_cursor',
      });
    }
    expect(await domainError(as(desk, () => f.search.search({ name: '张', initials: 'z' })))).toMatchObject({
      code: 'registry.invalid_search',
    });
    expect(await domainError(as(desk, () => f.search.search({ tag: 'nope' })))).toMatchObject({
      code: 'registry.unknown_tag',
    });
    expect(await domainError(as(desk, () => f.search.search({ unitCode: '12345' })))).toMatchObject({
      kind: 'invalid',
    });
  });

  describe('query plans on a few thousand residents', () => {
    const bulk = 3000;
    let otherStreetPath: string;
    let hashOf: (i: number) => string;

    beforeAll(async () => {
      const cipher = f.app.get(PiiCipher);
      const otherStreet = f.communityOther.slice(0, 9);
      otherStreetPath = pathOfCode(otherStreet);
      const numbers = Array.from({ length: bulk }, (_, i) =>
        makeIdNumber(
          '440106',
          new Date(Date.UTC(1960, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
          900,
        ),
      );
      hashOf = (i) => cipher.lookupHash('id', numbers[i]);
      const names = Array.from({ length: bulk }, (_, i) => `批量${i}`);
      // Three made-up communities of ten grids each below the other street (paths only: no units rows).
      const community = (i: number) => `${otherStreet}${String(901 + (i % 3))}`;
      const grids = Array.from(
        { length: bulk },
        (_, i) => `${community(i)}-B${String(i % 30).padStart(2, '0')}`,
      );
      await f.dataSource.query(
        `INSERT INTO residents (id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash,
           grid_code, path, synthetic)
         SELECT gen_random_uuid(), n, i, 'male', '1960-01-01', e, h, g,
           $6 || '.' || split_part(g, '-', 1) || '.' || g, true
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(n, i, e, h, g)`,
        [
          names,
          names.map((n) => pinyinInitials(n)),
          numbers.map((n) => cipher.encrypt(n)),
          numbers.map((n) => cipher.lookupHash('id', n)),
          grids,
          otherStreetPath,
        ],
      );
      await f.dataSource.query(
        `INSERT INTO resident_tags (id, resident_id, tag, set_by, set_at)
         SELECT gen_random_uuid(), id, CASE WHEN name LIKE '批量%00' THEN 'key_care' ELSE 'elderly_alone' END,
           'test', now()
         FROM residents WHERE name LIKE '批量%' AND path LIKE $1 AND (name LIKE '批量%00' OR random() < 0.4)`,
        [`${otherStreetPath}.%`],
      );
      await f.dataSource.query('ANALYZE residents');
      await f.dataSource.query('ANALYZE resident_tags');
    });

    /** Index names and sequential scans in the plan of exactly the SQL the repository runs. */
    async function plan(
      scope: DataScope,
      query: Omit<SearchQuery, 'limit' | 'after'> & Partial<SearchQuery>,
    ) {
      const statement = f.searchRepository.build(scope, { limit: 51, after: null, ...query });
      const [row] = await queryRows<Record<string, { Plan: Record<string, unknown> }[]>>(
        f.dataSource,
        sql`EXPLAIN (FORMAT JSON) ${statement}`,
      );
      const indexes = new Set<string>();
      const seqScans: string[] = [];
      let sorted = false;
      const walk = (node: Record<string, unknown>) => {
        if (typeof node['Index Name'] === 'string') indexes.add(node['Index Name']);
        if (node['Node Type'] === 'Sort') sorted = true;
        if (node['Node Type'] === 'Seq Scan') seqScans.push(String(node['Relation Name']));
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      walk(row['QUERY PLAN'][0].Plan);
      return { indexes: [...indexes], seqScans, sorted };
    }

    const scopes = (): [string, DataScope][] => [
      ['city', scopeOf(user(null, ALL))],
      ['street', scopeOf({ ...user(null, ALL), roles: [], scopePath: otherStreetPath })],
    ];

    it.each([
      ['name', { criterion: { kind: 'name', prefix: '批量12' } }, 'IDX_residents_name'],
      [
        'name, next page',
        {
          criterion: { kind: 'name', prefix: '批量1' },
          after: { key: '批量150', id: '00000000-0000-0000-0000-000000000000' },
        },
        'IDX_residents_name',
      ],
      ['initials', { criterion: { kind: 'initials', prefix: 'pl12' } }, 'IDX_residents_initials'],
      ['subtree', { criterion: { kind: 'subtree' }, subtree: 'GRID' }, 'IDX_residents_path'],
      ['tag', { criterion: { kind: 'tag', tag: 'key_care' } }, 'IDX_resident_tags_tag'],
    ] as [string, Omit<SearchQuery, 'limit' | 'after' | 'subtree'> & Partial<SearchQuery>, string][])(
      'search by %s uses its index under any scope',
      async (_kind, query, index) => {
        for (const [name, scope] of scopes()) {
          const c = `${f.communityOther.slice(0, 9)}902`;
          const subtree = query.subtree === 'GRID' ? `${otherStreetPath}.${c}.${c}-B07` : null;
          const found = await plan(scope, { subtree, ...query, ...(subtree ? { subtree } : {}) });
          expect([name, found.seqScans]).toEqual([name, []]);
          expect([name, found.indexes]).toEqual([name, expect.arrayContaining([index])]);
        }
      },
    );

    it('walks a large subtree or a common tag in index order, with no sort, one page at a time', async () => {
      for (const [name, scope] of scopes()) {
        const community = `${otherStreetPath}.${f.communityOther.slice(0, 9)}902`;
        const subtree = await plan(scope, { criterion: { kind: 'subtree' }, subtree: community });
        expect([name, subtree]).toEqual([
          name,
          { indexes: ['IDX_residents_path'], seqScans: [], sorted: false },
        ]);
        const tag = await plan(scope, { criterion: { kind: 'tag', tag: 'elderly_alone' }, subtree: null });
        expect([name, tag.seqScans, tag.sorted]).toEqual([name, [], false]);
        expect(tag.indexes).toEqual(expect.arrayContaining(['IDX_resident_tags_tag']));
      }
    });

    it('search by ID number uses the keyed-hash unique index', async () => {
      for (const [name, scope] of scopes()) {
        const found = await plan(scope, { criterion: { kind: 'idNumber', hash: hashOf(42) }, subtree: null });
        expect([name, found.indexes, found.seqScans]).toEqual([name, ['UQ_residents_id_number_hash'], []]);
      }
      // …and the plan is not just cheap on paper: the row is there.
      const rows = await f.searchRepository.search(scopeOf(user(null, ALL)), {
        criterion: { kind: 'idNumber', hash: hashOf(42) },
        subtree: null,
        after: null,
        limit: 2,
      });
      expect(rows.map((r) => r.name)).toEqual(['批量42']);
      expect(PERMISSIONS.readPii).toBeDefined();
    });
  });
});
