// Resident search latency, p50 and p95, at 5,000,000 residents (BENCH_RESIDENTS overrides, e.g. 200000
// for a quick run), for each kind of search: name prefix, pinyin initials, ID number (exact, through the
// keyed hash), unit subtree, special-population tag. Each query goes through ResidentSearchService as a
// district admin (scope predicate, keyset page of 50, masked presentation with decryption and tags).
// Floor: the same page's rows read by primary key and presented the same way: what showing 50 residents
// costs with no searching at all, so the ratio is the price of finding them.
// The residents are generated in Node with the demo's name generator, checksum-valid ID numbers from the
// synthetic range, and the registry's own encryption and keyed hashes, and loaded with COPY into the
// migrated table with its secondary indexes dropped; the migration's index definitions are then
// recreated as they were. EXPLAIN of each kind names the indexes its plan uses.
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { IdentityContext } from '@yiwang/platform';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { GridLookupRepository } from '../dist/places/grid-lookup.repository.js';
import {
  makeIdNumber,
  makeName,
  makeSyntheticMobile,
  PiiCipher,
  pinyinInitials,
  seededRandom,
  SYNTHETIC_SEQUENCE_RANGE,
} from '../dist/people/index.js';
import { PiiAccessRepository } from '../dist/people/pii-access.repository.js';
import { ResidentPresenter } from '../dist/people/resident-presenter.js';
import { ResidentSearchRepository } from '../dist/people/resident-search.repository.js';
import { ResidentSearchService } from '../dist/people/resident-search.service.js';
import { ResidentTagRepository } from '../dist/people/resident-tag.repository.js';
import { RESIDENT_COLUMNS } from '../dist/people/resident.repository.js';
import { PERMISSIONS, scopeOf } from '../dist/scope/data-scope.js';
import { SPECIAL_POPULATION_TAGS } from '../dist/people/special-population-tags.js';
import { DISTRICT_UNITS, insertUnits, withBenchDatabase } from './bench-database.mjs';

const STREETS = 10;
const COMMUNITIES_PER_STREET = 20;
const GRIDS_PER_COMMUNITY = 5;
const DAY = 86_400_000;
const BIRTH_DAYS = 36_500; // 1925-01-01 … 2024-12
const REGIONS = ['440106', '440103', '440104', '440105', '440111', '440112'];
const TAGS = Object.keys(SPECIAL_POPULATION_TAGS);
/** One resident in TAG_EVERY carries a tag. */
const TAG_EVERY = 40;
const QUERIES = 200;
const PAGE = 50;

export async function runSearch({ databaseUrl, log }) {
  const total = Number(process.env.BENCH_RESIDENTS ?? 5_000_000);
  if (!Number.isInteger(total) || total < 10_000 || total > REGIONS.length * 100 * BIRTH_DAYS) {
    throw new Error(`BENCH_RESIDENTS must be an integer from 10000 to ${REGIONS.length * 100 * BIRTH_DAYS}`);
  }
  return withBenchDatabase(
    databaseUrl,
    'search',
    async ({ url, dataSource }) => {
      const places = await seedPlaces(dataSource);
      const cipher = new PiiCipher({
        keys: { bench: randomBytes(32) },
        activeKeyId: 'bench',
        hmacKey: randomBytes(32),
      });

      // Secondary indexes off while loading, back on as the migrations defined them.
      const indexes = await dataSource.query(
        `SELECT indexname, indexdef FROM pg_indexes
       WHERE schemaname = 'grid' AND tablename IN ('residents', 'resident_tags') AND indexname NOT LIKE 'PK_%'`,
      );
      for (const { indexname } of indexes) await dataSource.query(`DROP INDEX grid."${indexname}"`);

      let started = performance.now();
      const sample = await load(url, total, places, cipher, log);
      const loadSeconds = (performance.now() - started) / 1000;
      log(`${total.toLocaleString('en')} residents generated and copied in ${loadSeconds.toFixed(0)} s`);
      started = performance.now();
      for (const { indexdef } of indexes) await dataSource.query(indexdef);
      await dataSource.query('ANALYZE residents');
      await dataSource.query('ANALYZE resident_tags');
      const indexSeconds = (performance.now() - started) / 1000;
      log(`${indexes.length} indexes built and tables analysed in ${indexSeconds.toFixed(0)} s`);

      const repository = new ResidentSearchRepository(dataSource);
      const presenter = new ResidentPresenter(
        cipher,
        new ResidentTagRepository(dataSource),
        new PiiAccessRepository(dataSource),
      );
      const service = new ResidentSearchService(
        repository,
        new GridLookupRepository(dataSource),
        cipher,
        presenter,
      );
      const identity = {
        subject: 'bench-district-admin',
        roles: ['district_admin'],
        permissions: ['registry:read', PERMISSIONS.readSpecialPopulation],
        scopePath: '44.4401.440106',
        department: null,
        kind: 'user',
      };
      const scope = scopeOf(identity);
      const random = seededRandom(5_000_000);
      const pick = (list) => list[Math.floor(random() * list.length)];
      const kinds = {
        name: () => {
          const name = pick(sample).name;
          return { name: name.slice(0, 1 + Math.floor(random() * name.length)) };
        },
        initials: () => {
          const initials = pick(sample).initials;
          return { initials: initials.slice(0, Math.min(initials.length, 2 + Math.floor(random() * 2))) };
        },
        idNumber: () => ({ idNumber: pick(sample).idNumber }),
        subtree: () => ({ unitCode: random() < 0.2 ? pick(places.streets) : pick(places.communities) }),
        tag: () => ({ tag: pick(TAGS) }),
      };

      const rows = [];
      for (const [kind, makeQuery] of Object.entries(kinds)) {
        const queries = Array.from({ length: QUERIES + 20 }, makeQuery);
        const searchTimes = [];
        const floorTimes = [];
        let found = 0;
        for (const [i, query] of queries.entries()) {
          let t = performance.now();
          const page = await IdentityContext.run(identity, () => service.search({ ...query, limit: PAGE }));
          const searchMs = performance.now() - t;
          // Floor: the same rows by primary key, presented the same way.
          const ids = page.residents.map((r) => r.id);
          t = performance.now();
          const byId = await dataSource.query(
            `SELECT ${RESIDENT_COLUMNS} FROM residents r WHERE r.id = ANY($1)`,
            [ids],
          );
          await presenter.present(scope, byId);
          const floorMs = performance.now() - t;
          if (i < 20) continue; // warm-up
          found += page.residents.length;
          searchTimes.push(searchMs);
          floorTimes.push(floorMs);
        }
        if (found === 0) throw new Error(`no ${kind} search found anything`);
        const plan = await explain(dataSource, repository, scope, kind, makeQuery(), cipher);
        const [p50, p95] = [percentile(searchTimes, 50), percentile(searchTimes, 95)];
        log(
          `${kind}: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms; ${(found / QUERIES).toFixed(1)} rows/page; plan uses ${plan.indexes.join(', ')}`,
        );
        const n = total.toLocaleString('en');
        rows.push(
          {
            name: `search by ${kind} p50, ${n} residents`,
            value: p50,
            unit: 'ms',
            floor: percentile(floorTimes, 50),
            note: `${QUERIES} queries, pages of ${PAGE}, ${(found / QUERIES).toFixed(1)} rows/page; plan: ${plan.indexes.join(', ')}; floor: the same rows by primary key, presented alike`,
          },
          {
            name: `search by ${kind} p95, ${n} residents`,
            value: p95,
            unit: 'ms',
            floor: percentile(floorTimes, 95),
          },
        );
      }
      rows.push({
        name: `load ${total.toLocaleString('en')} residents (generate, encrypt, COPY) + build indexes`,
        value: loadSeconds + indexSeconds,
        unit: 's',
        note: `${loadSeconds.toFixed(0)} s generating and copying, ${indexSeconds.toFixed(0)} s for ${indexes.length} indexes`,
      });
      return rows;
    },
    { poolSize: 2 },
  );
}

/** The plan of one search of the kind: the indexes it uses; fails if it scans residents sequentially. */
async function explain(dataSource, repository, scope, kind, query, cipher) {
  const criterion =
    kind === 'name'
      ? { kind, prefix: query.name }
      : kind === 'initials'
        ? { kind, prefix: query.initials }
        : kind === 'idNumber'
          ? { kind, hash: cipher.lookupHash('id', query.idNumber) }
          : kind === 'tag'
            ? { kind, tag: query.tag }
            : { kind };
  const subtree = kind === 'subtree' ? places(query.unitCode) : scope.path;
  const { sql, params } = repository.build(scope, { criterion, subtree, after: null, limit: PAGE + 1 });
  const [row] = await dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const indexes = new Set();
  const walk = (node) => {
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'residents') {
      throw new Error(`the ${kind} search scans residents sequentially`);
    }
    if (node['Index Name']) indexes.add(node['Index Name']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(row['QUERY PLAN'][0].Plan);
  if (indexes.size === 0) throw new Error(`the ${kind} search uses no index`);
  return { indexes: [...indexes] };
}

function places(code) {
  const lengths = [2, 4, 6, 9, 12].filter((l) => l <= code.length);
  return lengths.map((l) => code.slice(0, l)).join('.');
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** District 440106: STREETS streets of COMMUNITIES_PER_STREET communities, each with a few grids. */
async function seedPlaces(dataSource) {
  const units = [...DISTRICT_UNITS];
  const streets = [];
  const communities = [];
  const grids = [];
  for (let s = 1; s <= STREETS; s += 1) {
    const street = `440106${String(s).padStart(3, '0')}`;
    streets.push(street);
    units.push([street, `街道${s}`, null]);
    for (let c = 1; c <= COMMUNITIES_PER_STREET; c += 1) {
      const community = `${street}${String(c).padStart(3, '0')}`;
      communities.push(community);
      units.push([community, `社区${s}-${c}`, null]);
      for (let g = 1; g <= GRIDS_PER_COMMUNITY; g += 1) {
        const code = `${community}-G0${g}`;
        grids.push({ code, community, path: `${places(community)}.${code}` });
      }
    }
  }
  await insertUnits(dataSource, units);
  const square = JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [113.3, 23.1],
        [113.31, 23.1],
        [113.31, 23.11],
        [113.3, 23.11],
        [113.3, 23.1],
      ],
    ],
  });
  await dataSource.query(
    `INSERT INTO grids (code, name, type, community_code, path, boundary)
     SELECT c, c, 'routine', cc, p, $4::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t(c, cc, p)`,
    [grids.map((g) => g.code), grids.map((g) => g.community), grids.map((g) => g.path), square],
  );
  return { streets, communities, grids };
}

/**
 * Generates `total` residents and COPYs them, with their tags, into the tables. Returns a sample of
 * 2,000 of them (name, initials, ID number) for the queries.
 */
async function load(url, total, places, cipher, log) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sample = [];
  const tags = [];
  try {
    const copy = client.query(
      copyFrom(`COPY grid.residents (id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash,
        phone_enc, phone_hash, relation, grid_code, path, synthetic) FROM STDIN`),
    );
    const finished = new Promise((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    const random = seededRandom(total);
    const born = Date.UTC(1925, 0, 1);
    const perSequence = REGIONS.length * BIRTH_DAYS;
    const every = Math.max(1, Math.floor(total / 2_000));
    let chunk = '';
    let progressAt = performance.now();
    for (let i = 0; i < total; i += 1) {
      // Unique by construction: (region, birth day, sequence) differs for every i.
      const region = REGIONS[i % REGIONS.length];
      const day = Math.floor(i / REGIONS.length) % BIRTH_DAYS;
      const sequence = SYNTHETIC_SEQUENCE_RANGE[0] + Math.floor(i / perSequence);
      const gender = sequence % 2 === 1 ? 'male' : 'female';
      const birth = new Date(born + day * DAY).toISOString().slice(0, 10);
      const idNumber = makeIdNumber(region, birth, sequence);
      const name = makeName(random, gender);
      const initials = pinyinInitials(name);
      const phone = random() < 0.7 ? makeSyntheticMobile(random) : null;
      const grid = places.grids[Math.floor(random() * places.grids.length)];
      const id = randomUUID();
      chunk +=
        `${id}\t${name}\t${initials}\t${gender}\t${birth}\t${cipher.encrypt(idNumber)}\t` +
        `${cipher.lookupHash('id', idNumber)}\t${phone ? cipher.encrypt(phone) : '\\N'}\t` +
        `${phone ? cipher.lookupHash('phone', phone) : '\\N'}\t${i % 3 === 0 ? 'head' : 'other'}\t` +
        `${grid.code}\t${grid.path}\tt\n`;
      if (i % TAG_EVERY === 7)
        tags.push(`${randomUUID()}\t${id}\t${TAGS[i % TAGS.length]}\tbench\t2026-01-01T00:00:00Z\n`);
      if (i % every === 0 && sample.length < 2_000) sample.push({ name, initials, idNumber });
      if (chunk.length > 256 * 1024) {
        if (!copy.write(chunk)) await once(copy, 'drain');
        chunk = '';
        if (performance.now() - progressAt > 15_000) {
          progressAt = performance.now();
          log(`  ${(i + 1).toLocaleString('en')} residents`);
        }
      }
    }
    copy.end(chunk);
    await finished;
    const tagCopy = client.query(
      copyFrom(`COPY grid.resident_tags (id, resident_id, tag, set_by, set_at) FROM STDIN`),
    );
    const tagsDone = new Promise((resolve, reject) => {
      tagCopy.on('finish', resolve);
      tagCopy.on('error', reject);
    });
    for (let i = 0; i < tags.length; i += 5_000) {
      if (!tagCopy.write(tags.slice(i, i + 5_000).join(''))) await once(tagCopy, 'drain');
    }
    tagCopy.end();
    await tagsDone;
  } finally {
    await client.end();
  }
  return sample;
}
