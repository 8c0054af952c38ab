import { randomUUID } from 'node:crypto';
import {
  createDataSource,
  decodeKeyset,
  encodeKeyset,
  entityColumns,
  execute,
  findInScope,
  isUuid,
  keysetPage,
  queryRows,
  sql,
} from '@yiwang/platform';
import { testDatabaseUrl } from '@yiwang/testing';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';

@Entity({ name: 'places' })
class PlaceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @Column({ name: 'opened_on', type: 'date' })
  openedOn!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  visits!: number;
}

describe('sql fragments', () => {
  it('numbers parameters across nested fragments and keeps values out of the text', () => {
    const inner = sql`b = ${2} AND c = ${'x'}`;
    const statement = sql`SELECT 1 WHERE a = ${1} AND ${inner} AND d IN (${sql.join([sql`${3}`, sql`${4}`])})`;
    expect(statement.text).toBe('SELECT 1 WHERE a = $1 AND b = $2 AND c = $3 AND d IN ($4, $5)');
    expect(statement.values).toEqual([1, 2, 'x', 3, 4]);
    expect(sql.and([]).text).toBe('TRUE');
    expect(sql.and([sql`a = ${1}`, sql`b = ${2}`]).text).toBe('a = $1 AND b = $2');
    expect(sql`x ${sql.empty}y`.text).toBe('x y');
  });
});

describe('keyset cursors', () => {
  it('round-trips a key and refuses cursors of other listings, lengths or shapes', () => {
    const id = randomUUID();
    const cursor = encodeKeyset('buildings', ['三号楼', id]);
    expect(decodeKeyset('buildings', cursor, 2)).toEqual(['三号楼', id]);
    expect(decodeKeyset('households', cursor, 2)).toBeNull();
    expect(decodeKeyset('buildings', cursor, 3)).toBeNull();
    expect(decodeKeyset('buildings', cursor, 2, (k) => k[0] === 'x')).toBeNull();
    expect(decodeKeyset('buildings', 'bm9wZQ', 2)).toBeNull();
    expect(decodeKeyset('buildings', 'not base64!', 2)).toBeNull();
    expect(decodeKeyset('b', encodeKeyset('b', ['1']).replace(/.$/, ''), 1)).toBeNull();
    expect(isUuid(id)).toBe(true);
  });

  it('pages limit + 1 rows: a cursor only when there is more', () => {
    const rows = [{ k: 'a' }, { k: 'b' }, { k: 'c' }];
    const more = keysetPage(rows, 2, 'l', (r) => [r.k]);
    expect(more.items.map((r) => r.k)).toEqual(['a', 'b']);
    expect(decodeKeyset('l', more.nextCursor!, 1)).toEqual(['b']);
    expect(keysetPage(rows, 3, 'l', (r) => [r.k]).nextCursor).toBeNull();
  });
});

/** The repository layer on real PostgreSQL: derived columns, transformers, RETURNING, scoped locking find. */
describe('sql on PostgreSQL', () => {
  let dataSource: DataSource;
  const schema = `sqlspec_${randomUUID().slice(0, 8)}`;
  const places = () => entityColumns(dataSource, PlaceEntity);
  const ids = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    dataSource = createDataSource({
      url: testDatabaseUrl(),
      schema,
      entities: [PlaceEntity],
      migrations: [],
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.query(
      `CREATE TABLE places (id uuid PRIMARY KEY, display_name text NOT NULL, path text COLLATE "C" NOT NULL,
         opened_on date NOT NULL, visits bigint NOT NULL)`,
    );
    const rows = [
      { id: ids[0], displayName: '一', path: '44.4401.440106.440106001', openedOn: '2024-02-29', visits: 7 },
      { id: ids[1], displayName: '二', path: '44.4401.440106.4401060011', openedOn: '2024-03-01', visits: 9 },
      {
        id: ids[2],
        displayName: '三',
        path: '44.4401.440106.440106001.4401060010',
        openedOn: '2024-03-02',
        visits: 1,
      },
    ];
    const inserted = await execute(
      dataSource,
      places().insert(rows, ['id', 'displayName', 'path', 'openedOn', 'visits']),
    );
    expect(inserted).toBe(3);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource?.destroy();
  });

  it('selects rows shaped as the entity: property names, dates as text, transformers applied', async () => {
    const rows = places().read(
      await queryRows<PlaceEntity>(
        dataSource,
        sql`SELECT ${places().select('p')} FROM ${places().table} p WHERE p.id = ${ids[0]}`,
      ),
    );
    expect(rows).toEqual([
      { id: ids[0], displayName: '一', path: '44.4401.440106.440106001', openedOn: '2024-02-29', visits: 7 },
    ]);
  });

  it('finds by id only inside the scope, whole segments only', async () => {
    const street = '44.4401.440106.440106001';
    const find = (id: string, scope: string | null) =>
      findInScope(dataSource, places(), { id, scope, path: 'path' });
    expect((await find(ids[0], street))?.visits).toBe(7);
    expect((await find(ids[2], street))?.displayName).toBe('三');
    expect(await find(ids[1], street)).toBeNull();
    expect((await find(ids[1], null))?.displayName).toBe('二');
  });

  it('locks the row it finds until the transaction ends', async () => {
    await dataSource.transaction(async (manager) => {
      const row = await findInScope(manager, places(), { id: ids[0], scope: null, path: 'path', lock: true });
      expect(row?.id).toBe(ids[0]);
      const other = dataSource.createQueryRunner();
      try {
        await expect(
          other.query(`SELECT 1 FROM "${schema}".places WHERE id = $1 FOR UPDATE NOWAIT`, [ids[0]]),
        ).rejects.toThrow(/lock/);
      } finally {
        await other.release();
      }
    });
  });

  it('counts and returns rows of UPDATE … RETURNING inside and outside a transaction', async () => {
    const update = sql`UPDATE places SET ${places().assign({ visits: 10 }, ['visits'])}
                       WHERE id = ANY(${ids}::uuid[]) RETURNING ${places().select(undefined, ['id', 'visits'])}`;
    const rows = await queryRows<Pick<PlaceEntity, 'id' | 'visits'>>(dataSource, update);
    expect(rows).toHaveLength(3);
    expect(
      places()
        .read(rows)
        .map((r) => r.visits),
    ).toEqual([10, 10, 10]);
    const affected = await dataSource.transaction((manager) =>
      execute(manager, sql`DELETE FROM places WHERE id = ${ids[2]}`),
    );
    expect(affected).toBe(1);
  });
});
