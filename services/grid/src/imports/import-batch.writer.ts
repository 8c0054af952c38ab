import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { bbox, centroid, polygonsOf, ringArea, type AreaGeometry, type Position } from '../geometry/index.js';
import { pathWithinSql } from '@yiwang/platform';
import type { DataScope } from '../scope/data-scope.js';
import type { ImportErrorRow } from './import-job.repository.js';

// The registry side of an import batch, on the import's own connection inside the batch transaction:
// COPY the batch into a temporary staging table, reject what the registry refuses (community, scope,
// duplicates, households registered elsewhere), then INSERT … SELECT … ON CONFLICT into buildings,
// households, residents and residences. Set-based statements for the whole batch, never one per row,
// sent several to a round trip.

/** Staging columns in COPY order. */
export const STAGING_COLUMNS = [
  'line',
  'household_no',
  'community_code',
  'building',
  'entrance',
  'room',
  'address',
  'name',
  'name_initials',
  'gender',
  'birth_date',
  'id_number_enc',
  'id_number_hash',
  'phone_enc',
  'phone_hash',
  'relation',
] as const;

/** What the batch keeps of each staged row to count outcomes: nothing personal in the clear. */
export interface StagedRow {
  line: number;
  householdNo: string;
  idNumberHash: string;
}

export interface PlaceChange {
  id: string;
  gridCode: string | null;
  path: string;
}

export interface HouseholdChange extends PlaceChange {
  buildingId: string | null;
  created: boolean;
}

export interface ResidentChange extends PlaceChange {
  householdId: string | null;
  change: 'created' | 'updated' | 'moved';
}

export interface BatchOutcome {
  /** Rows the registry refused, with the reason. */
  errors: ImportErrorRow[];
  /** Rows written that created or changed something. */
  imported: number;
  /** Rows written that matched the registry already. */
  unchanged: number;
  buildings: PlaceChange[];
  households: HouseholdChange[];
  residents: ResidentChange[];
}

const REASONS = {
  noCommunity: 'community_code is not a community within your data scope',
  notCommunity: 'community_code is not a village or community',
  residentOutside: 'id_number is registered to a resident outside your data scope',
  householdOutside: 'household_no is registered to a household outside your data scope',
  householdElsewhere:
    'household_no is registered at another building or community (an import does not move households)',
  noBuildingPlace:
    'building is not registered and its community has neither a boundary nor grids to place a new one at (register the building first)',
  duplicateId: (first: number) => `id_number appears again (first on line ${first})`,
  householdDiffers: (first: number) =>
    `household_no: community_code, building, entrance, room or address differ from line ${first} of the same household`,
};

/** Where a building the import creates is put: the community's centre, until someone sets its point. */
type Location = { lat: number; lng: number } | null;

/** Keys of the per-job checks, for a staged row `r`. */
const ID_KEY = `(left(r.id_number_hash, 16) COLLATE "C")`;
const PLACE_KEY = `(md5(json_build_array(r.community_code, r.building, r.entrance, r.room, r.address)::text) COLLATE "C")`;

/** The row's household as placed: its building's place, or the community's when it has no building. */
const PLACE = `FROM import_rows r JOIN units u ON u.code = r.community_code
  LEFT JOIN buildings b ON r.building IS NOT NULL AND b.community_code = r.community_code AND b.name = r.building`;

export class ImportBatchWriter {
  /** Community centres already worked out (a handful per file). */
  private readonly locations = new Map<string, Location>();
  private analyzed = false;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly scope: DataScope,
  ) {}

  /**
   * The staging tables live as long as the connection's session: created per job, dropped after it.
   * import_rows holds one batch; the seen tables hold, per job, the first line of every ID number (by
   * the first 64 bits of its keyed hash) and of every household (with a digest of where the household
   * is: community, building, entrance, room, address) so far. Keys are COLLATE "C": compared bytewise.
   */
  async prepare(): Promise<void> {
    await this.dropTables();
    await this.client.query(
      `CREATE TEMP TABLE import_rows (
         line int NOT NULL, household_no text NOT NULL, community_code text NOT NULL, building text,
         entrance text, room text, address text NOT NULL, name text COLLATE "C" NOT NULL,
         name_initials text COLLATE "C" NOT NULL, gender text NOT NULL, birth_date date NOT NULL,
         id_number_enc text NOT NULL, id_number_hash char(64) NOT NULL, phone_enc text, phone_hash char(64),
         relation text NOT NULL
       ) ON COMMIT DELETE ROWS`,
    );
    await this.client.query(
      `CREATE TEMP TABLE import_seen_ids (key text COLLATE "C" PRIMARY KEY, line int NOT NULL)`,
    );
    await this.client.query(
      `CREATE TEMP TABLE import_seen_households (
         household_no text COLLATE "C" PRIMARY KEY, place text COLLATE "C" NOT NULL, line int NOT NULL)`,
    );
  }

  async dropTables(): Promise<void> {
    await this.client.query(
      `DROP TABLE IF EXISTS pg_temp.import_rows, pg_temp.import_seen_ids, pg_temp.import_seen_households`,
    );
  }

  /**
   * Writes one batch (COPY text of STAGING_COLUMNS rows, and what it keeps of them); the caller's
   * transaction is open. A handful of round trips whatever the batch size: the COPY, one multi-statement
   * query for the checks, one for the writes (plus two when buildings are missing).
   */
  async write(copyText: string, staged: readonly StagedRow[], today: string): Promise<BatchOutcome> {
    const copy = this.client.query(copyFrom(`COPY import_rows (${STAGING_COLUMNS.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from([Buffer.from(copyText, 'utf8')]), copy);
    if (!this.analyzed) {
      // Once per job: with the staging table's row density known, the planner sizes every later batch
      // right and probes the registry's indexes instead of scanning households or residents.
      await this.client.query('ANALYZE import_rows');
      this.analyzed = true;
    }

    const errors: ImportErrorRow[] = [];
    const checks = this.checks();
    const results = await this.many(checks.map((c) => c.sql));
    checks.forEach((check, i) => {
      if (!check.reason) return;
      for (const row of results[i].rows as { line: number; first?: number }[]) {
        const reason = typeof check.reason === 'string' ? check.reason : check.reason(row.first ?? 0);
        errors.push({ line: row.line, reason });
      }
    });
    const missing = (results.at(-1)!.rows as { code: string }[]).map((r) => r.code);
    const buildings = missing.length > 0 ? await this.createBuildings(missing, errors) : [];

    const [householdRows, updatedRows, createdRows] = await this.many(this.writes(today));
    const households = householdRows.rows as (HouseholdChange & { householdNo: string })[];
    const created = createdRows.rows as (Omit<ResidentChange, 'change'> & { hash: string })[];
    const updated = updatedRows.rows as (Omit<ResidentChange, 'change'> & { hash: string; moved: boolean })[];

    // A row is imported when its resident or its household was created or changed.
    const refused = new Set(errors.map((e) => e.line));
    const changedResidents = new Set([...created, ...updated].map((r) => r.hash));
    const changedHouseholds = new Set(households.map((h) => h.householdNo));
    let written = 0;
    let imported = 0;
    for (const row of staged) {
      if (refused.has(row.line)) continue;
      written += 1;
      if (changedResidents.has(row.idNumberHash) || changedHouseholds.has(row.householdNo)) imported += 1;
    }
    return {
      errors,
      imported,
      unchanged: written - imported,
      buildings,
      households: households.map(({ householdNo: _no, ...h }) => h),
      residents: [
        ...created.map(({ hash: _hash, ...r }) => ({ ...r, change: 'created' as const })),
        ...updated.map(({ hash: _hash, moved, ...r }) => ({
          ...r,
          change: moved ? ('moved' as const) : ('updated' as const),
        })),
      ],
    };
  }

  /** Statements run as one simple query (no parameters: values are quoted literals); one result each. */
  private async many(statements: string[]): Promise<pg.QueryResult[]> {
    const result = (await this.client.query(statements.join(';\n'))) as unknown as
      pg.QueryResult | pg.QueryResult[];
    return Array.isArray(result) ? result : [result];
  }

  /** The scope condition (`pathWithinSql`) with its values as literals, for the simple-query batch. */
  private scoped(column: string): string {
    return pathWithinSql(column, this.scope.path).inline((value) => this.client.escapeLiteral(value));
  }

  /**
   * What the registry refuses, each a DELETE … RETURNING of the refused lines, in order; the last
   * statement lists the communities that have rows for buildings not registered yet.
   */
  private checks(): { sql: string; reason?: string | ((first: number) => string) }[] {
    const restricted = this.scope.path !== null;
    return [
      // The community: it exists, lies within the caller's scope, and is a community.
      {
        sql: `DELETE FROM import_rows r WHERE NOT EXISTS (
                SELECT 1 FROM units u WHERE u.code = r.community_code AND ${this.scoped('u.path')})
              RETURNING r.line`,
        reason: REASONS.noCommunity,
      },
      {
        sql: `DELETE FROM import_rows r USING units u
              WHERE u.code = r.community_code AND u.level <> 'community' RETURNING r.line`,
        reason: REASONS.notCommunity,
      },
      // An ID number once per file; the rows of a household agree on where it is.
      {
        sql: `INSERT INTO import_seen_ids (key, line)
              SELECT DISTINCT ON (1) ${ID_KEY}, line FROM import_rows r ORDER BY 1, line
              ON CONFLICT DO NOTHING`,
      },
      {
        sql: `DELETE FROM import_rows r USING import_seen_ids s WHERE s.key = ${ID_KEY} AND s.line <> r.line
              RETURNING r.line, s.line AS first`,
        reason: REASONS.duplicateId,
      },
      {
        sql: `INSERT INTO import_seen_households (household_no, place, line)
              SELECT DISTINCT ON (1) r.household_no COLLATE "C", ${PLACE_KEY}, line FROM import_rows r
              ORDER BY 1, line
              ON CONFLICT DO NOTHING`,
      },
      {
        sql: `DELETE FROM import_rows r USING import_seen_households s
              WHERE s.household_no = (r.household_no COLLATE "C") AND s.place <> ${PLACE_KEY}
              RETURNING r.line, s.line AS first`,
        reason: REASONS.householdDiffers,
      },
      // Numbers are unique across the registry, so a resident or household registered outside the
      // caller's scope blocks the row (saying so discloses no more than a registration by hand does).
      ...(restricted
        ? [
            {
              sql: `DELETE FROM import_rows r USING residents x
                    WHERE x.id_number_hash = r.id_number_hash AND NOT ${this.scoped('x.path')} RETURNING r.line`,
              reason: REASONS.residentOutside,
            },
            {
              sql: `DELETE FROM import_rows r USING households h
                    WHERE h.household_no = r.household_no AND NOT ${this.scoped('h.path')} RETURNING r.line`,
              reason: REASONS.householdOutside,
            },
          ]
        : []),
      // A registered household stays where it is: same community, same building (or none).
      {
        sql: `DELETE FROM import_rows r
              USING households h LEFT JOIN buildings b ON b.id = h.building_id, units u
              WHERE h.household_no = r.household_no AND u.code = r.community_code
                AND (CASE WHEN r.building IS NULL
                       THEN h.building_id IS NULL
                         AND (h.path = u.path OR left(h.path, length(u.path) + 1) = u.path || '.')
                       ELSE b.community_code = r.community_code AND b.name = r.building END) IS NOT TRUE
              RETURNING r.line`,
        reason: REASONS.householdElsewhere,
      },
      {
        sql: `SELECT DISTINCT r.community_code AS code FROM import_rows r
              WHERE r.building IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM buildings b WHERE b.community_code = r.community_code AND b.name = r.building)`,
      },
    ];
  }

  /**
   * The writes, in result order: (0) households inserted or updated, (1) residents updated, a move
   * continuing the residence history, (2) residents created with their first residence (after the
   * updates, so that these find only residents registered before).
   */
  private writes(today: string): string[] {
    const day = `${this.client.escapeLiteral(today)}::date`;
    return [
      // Households: new ones inserted where their building (or community) is, changed addresses updated.
      `WITH src AS (
         SELECT DISTINCT ON (r.household_no) r.household_no, b.id AS building_id, r.entrance, r.room, r.address,
           CASE WHEN r.building IS NULL THEN NULL ELSE b.grid_code END AS grid_code,
           CASE WHEN r.building IS NULL THEN u.path ELSE b.path END AS path
         ${PLACE}
         ORDER BY r.household_no, r.line)
       INSERT INTO households AS h (id, household_no, building_id, entrance, room, address, grid_code, path)
       SELECT gen_random_uuid(), household_no, building_id, entrance, room, address, grid_code, path FROM src
       ON CONFLICT (household_no) DO UPDATE
         SET entrance = EXCLUDED.entrance, room = EXCLUDED.room, address = EXCLUDED.address, updated_at = now()
         WHERE (h.entrance, h.room, h.address) IS DISTINCT FROM (EXCLUDED.entrance, EXCLUDED.room, EXCLUDED.address)
       RETURNING h.id, h.household_no AS "householdNo", h.building_id AS "buildingId", h.grid_code AS "gridCode",
         h.path, (xmax = 0) AS created`,
      // Known residents, when anything differs. The phone is only ever added or replaced: an empty cell
      // keeps a number registered by hand. A move on the day the residence began corrects it; an older
      // one is closed and continued.
      `WITH upd AS (
         UPDATE residents x SET name = r.name, name_initials = r.name_initials, relation = r.relation,
           phone_enc = COALESCE(r.phone_enc, o.phone_enc), phone_hash = COALESCE(r.phone_hash, o.phone_hash),
           household_id = h.id, grid_code = h.grid_code, path = h.path, updated_at = now()
         FROM import_rows r
           JOIN households h ON h.household_no = r.household_no
           JOIN residents o ON o.id_number_hash = r.id_number_hash
         WHERE x.id = o.id
           AND ((o.name, o.relation, o.household_id, o.grid_code, o.path)
                  IS DISTINCT FROM (r.name, r.relation, h.id, h.grid_code, h.path)
                OR (r.phone_hash IS NOT NULL AND o.phone_hash IS DISTINCT FROM r.phone_hash))
         RETURNING x.id, x.household_id, x.grid_code, x.path, x.id_number_hash,
           (o.household_id, o.grid_code, o.path) IS DISTINCT FROM (x.household_id, x.grid_code, x.path) AS moved),
       corrected AS (
         UPDATE residences s SET household_id = upd.household_id, grid_code = upd.grid_code, path = upd.path
         FROM upd WHERE upd.moved AND s.resident_id = upd.id AND s.valid_to IS NULL AND s.valid_from >= ${day}),
       closed AS (
         UPDATE residences s SET valid_to = ${day}
         FROM upd WHERE upd.moved AND s.resident_id = upd.id AND s.valid_to IS NULL AND s.valid_from < ${day}
         RETURNING s.resident_id),
       continued AS (
         INSERT INTO residences (id, resident_id, household_id, grid_code, path, valid_from)
         SELECT gen_random_uuid(), upd.id, upd.household_id, upd.grid_code, upd.path, ${day}
         FROM closed JOIN upd ON upd.id = closed.resident_id)
       SELECT id, household_id AS "householdId", grid_code AS "gridCode", path, id_number_hash AS hash, moved
       FROM upd`,
      // New residents live where their household is (an existing household keeps its grid). A number
      // registered by a concurrent import between these two statements is left to that import.
      `WITH ins AS (
         INSERT INTO residents AS x (id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash,
           phone_enc, phone_hash, household_id, relation, grid_code, path)
         SELECT gen_random_uuid(), r.name, r.name_initials, r.gender, r.birth_date, r.id_number_enc,
           r.id_number_hash, r.phone_enc, r.phone_hash, h.id, r.relation, h.grid_code, h.path
         FROM import_rows r JOIN households h ON h.household_no = r.household_no
         ORDER BY r.line
         ON CONFLICT (id_number_hash) DO NOTHING
         RETURNING x.id, x.household_id, x.grid_code, x.path, x.id_number_hash),
       res AS (
         INSERT INTO residences (id, resident_id, household_id, grid_code, path, valid_from)
         SELECT gen_random_uuid(), id, household_id, grid_code, path, ${day} FROM ins)
       SELECT id, household_id AS "householdId", grid_code AS "gridCode", path, id_number_hash AS hash FROM ins`,
    ];
  }

  /**
   * Creates the missing buildings of these communities at the community's centre (without a grid: the
   * building is assigned to one, and its households follow, when someone places it); rows of a
   * community without a boundary or grids are refused instead.
   */
  private async createBuildings(codes: string[], errors: ImportErrorRow[]): Promise<PlaceChange[]> {
    const located = await this.locate(codes);
    const nowhere = codes.filter((code) => !located.get(code));
    if (nowhere.length > 0) {
      const { rows } = await this.client.query<{ line: number }>(
        `DELETE FROM import_rows r WHERE r.community_code = ANY($1::text[]) AND r.building IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM buildings b WHERE b.community_code = r.community_code AND b.name = r.building)
         RETURNING r.line`,
        [nowhere],
      );
      for (const { line } of rows) errors.push({ line, reason: REASONS.noBuildingPlace });
    }
    const places = codes.filter((code) => located.get(code));
    if (places.length === 0) return [];
    const { rows } = await this.client.query<PlaceChange>(
      `INSERT INTO buildings (id, name, community_code, grid_code, path, lat, lng)
       SELECT gen_random_uuid(), r.building, r.community_code, NULL, u.path, l.lat, l.lng
       FROM import_rows r JOIN units u ON u.code = r.community_code
         JOIN unnest($1::text[], $2::float8[], $3::float8[]) AS l(code, lat, lng) ON l.code = r.community_code
       WHERE r.building IS NOT NULL
       GROUP BY r.community_code, r.building, u.path, l.lat, l.lng
       ON CONFLICT (community_code, name) DO NOTHING
       RETURNING id, grid_code AS "gridCode", path`,
      [places, places.map((c) => located.get(c)!.lat), places.map((c) => located.get(c)!.lng)],
    );
    return rows;
  }

  /** The centre of each community: of its boundary, else of its active grids; null when it has neither. */
  private async locate(codes: string[]): Promise<Map<string, Location>> {
    const unknown = codes.filter((code) => !this.locations.has(code));
    if (unknown.length > 0) {
      const { rows } = await this.client.query<{
        code: string;
        boundary: AreaGeometry | null;
        grids: AreaGeometry[];
      }>(
        `SELECT u.code, u.boundary,
           COALESCE((SELECT json_agg(g.boundary) FROM grids g WHERE g.community_code = u.code AND g.status = 'active'),
                    '[]'::json) AS grids
         FROM units u WHERE u.code = ANY($1::text[])`,
        [unknown],
      );
      for (const code of unknown) this.locations.set(code, null);
      for (const row of rows) this.locations.set(row.code, centreOf(row.boundary, row.grids));
    }
    return new Map(codes.map((code) => [code, this.locations.get(code) ?? null]));
  }
}

function centreOf(boundary: AreaGeometry | null, grids: AreaGeometry[]): Location {
  let centre: Position | null = null;
  if (boundary) {
    const rings = polygonsOf(boundary).map((polygon) => polygon[0]);
    const largest = rings.reduce((a, b) => (Math.abs(ringArea(b)) > Math.abs(ringArea(a)) ? b : a));
    centre = centroid(largest);
  } else if (grids.length > 0) {
    const boxes = grids.map((g) => bbox(g));
    const box = [
      Math.min(...boxes.map((b) => b[0])),
      Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])),
      Math.max(...boxes.map((b) => b[3])),
    ];
    centre = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  }
  if (!centre) return null;
  const [lng, lat] = centre;
  // The same bounds a building's point must meet when entered by hand.
  if (!(lat >= 3 && lat <= 54 && lng >= 73 && lng <= 136)) return null;
  return { lat, lng };
}

/** One value of a COPY text-format row: NULL as \N, backslash and control characters escaped. */
export function copyValue(value: string | number | null): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
