import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Sql } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentDailyEntity } from './assessment-daily.entity.js';
import { COUNTERS, type Counts, type ScoredUnit } from './assessment-fold.js';

export interface UnitCounts {
  level: string;
  unit: string;
  parent: string | null;
  counts: Counts;
}

type SummedRow = Omit<UnitCounts, 'counts'> & Partial<Counts>;

/** The only code that touches assessment_daily. Reads sum day rows; they never touch cases. */
@Injectable()
export class AssessmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get daily() {
    return entityColumns(this.dataSource, AssessmentDailyEntity);
  }

  /** Each counter summed over the matched day rows, named by the counter. */
  private get sums(): Sql {
    const a = this.daily;
    return sql.join(COUNTERS.map((c) => sql`sum(${a.column(c)})::int AS ${sql.raw(`"${c}"`)}`));
  }

  async applyDeltas(
    manager: EntityManager,
    deltas: Array<{ unit: ScoredUnit; day: string; delta: Counts }>,
  ): Promise<void> {
    if (deltas.length === 0) return;
    const a = this.daily;
    const rows = deltas
      .map(({ unit, day, delta }) => ({
        level: unit.level,
        unitCode: unit.code,
        day,
        parentCode: unit.parent,
        ...delta,
      }))
      // Rows in key order, so concurrent writers lock the same day rows in the same order (no deadlock).
      .sort((x, y) => cmp(x.level, y.level) || cmp(x.unitCode, y.unitCode) || cmp(x.day, y.day));
    const added = COUNTERS.map((c) => {
      const column = a.names([c]);
      return sql`${column} = ${a.table}.${column} + EXCLUDED.${column}`;
    });
    await execute(
      manager,
      sql`${a.insert(rows, ['level', 'unitCode', 'day', 'parentCode', ...COUNTERS])}
          ON CONFLICT (${a.names(['level', 'unitCode', 'day'])}) DO UPDATE
          SET parent_code = EXCLUDED.parent_code, ${sql.join(added)}`,
    );
  }

  /** Sums of one unit's day rows in [from, to], per level it is scored at. */
  async unitTotals(unit: string, from: string, to: string): Promise<UnitCounts[]> {
    const rows = await queryRows<SummedRow>(
      this.dataSource,
      sql`SELECT level, unit_code AS unit, max(parent_code) AS parent, ${this.sums}
          FROM ${this.daily.table} WHERE unit_code = ${unit} AND day BETWEEN ${from} AND ${to}
          GROUP BY level, unit_code ORDER BY level`,
    );
    return rows.map(toUnitCounts);
  }

  /** Sums per unit of a level (optionally within a parent) over [from, to]. */
  async levelTotals(level: string, parent: string | null, from: string, to: string): Promise<UnitCounts[]> {
    // Within a parent: its direct children, or — for a city or province parent (under 6 digits) — every
    // row whose parent district lies under it (a city ranks all its streets and district departments).
    const withinParent =
      parent === null
        ? sql`TRUE`
        : sql`(parent_code = ${parent}::text
            OR (length(${parent}::text) < 6 AND parent_code LIKE ${parent}::text || '%'))`;
    const rows = await queryRows<SummedRow>(
      this.dataSource,
      sql`SELECT level, unit_code AS unit, max(parent_code) AS parent, ${this.sums}
          FROM ${this.daily.table}
          WHERE level = ${level} AND ${withinParent} AND day BETWEEN ${from} AND ${to}
          GROUP BY level, unit_code`,
    );
    return rows.map(toUnitCounts);
  }

  /**
   * A district's, city's or province's figures rolled up from its streets' day rows (every scored case has
   * a street; departments would count a case twice with their co-handlers, streets never do).
   */
  async rolledUp(unit: string, level: string, from: string, to: string): Promise<UnitCounts | null> {
    const row = await queryOne<SummedRow & { n: number }>(
      this.dataSource,
      sql`SELECT ${level}::text AS level, ${unit}::text AS unit, NULL AS parent, count(*)::int AS n,
            ${this.sums}
          FROM ${this.daily.table}
          WHERE level = 'street' AND unit_code LIKE ${unit}::text || '%' AND day BETWEEN ${from} AND ${to}`,
    );
    return Number(row?.n ?? 0) > 0 ? toUnitCounts(row!) : null;
  }

  /** Districts ranked by their streets' figures, within a city or province (or everywhere). */
  async districtTotals(parent: string | null, from: string, to: string): Promise<UnitCounts[]> {
    const rows = await queryRows<SummedRow>(
      this.dataSource,
      sql`SELECT 'district' AS level, parent_code AS unit, left(parent_code, 4) AS parent, ${this.sums}
          FROM ${this.daily.table}
          WHERE level = 'street' AND parent_code IS NOT NULL
            ${parent === null ? sql.empty : sql`AND parent_code LIKE ${parent}::text || '%'`}
            AND day BETWEEN ${from} AND ${to}
          GROUP BY parent_code`,
    );
    return rows.map(toUnitCounts);
  }
}

/** Byte order, as PostgreSQL's C collation sorts the key columns (codes and levels are ASCII). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toUnitCounts(row: SummedRow): UnitCounts {
  return {
    level: row.level,
    unit: row.unit,
    parent: row.parent ?? null,
    counts: Object.fromEntries(COUNTERS.map((c) => [c, Number(row[c] ?? 0)])) as Counts,
  };
}
