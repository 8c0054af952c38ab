import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { COUNTERS, type Counts, type ScoredUnit } from './assessment-fold.js';

const COLUMNS: Record<(typeof COUNTERS)[number], string> = {
  dispatched: 'dispatched',
  acceptedOnTime: 'accepted_on_time',
  due: 'due',
  resolved: 'resolved',
  resolvedOnTime: 'resolved_on_time',
  rated: 'rated',
  satisfied: 'satisfied',
  basicallySatisfied: 'basically_satisfied',
};
const SUMS = COUNTERS.map((c) => `sum(${COLUMNS[c]})::int AS "${c}"`).join(', ');

/**
 * Rows ranked within a parent: its direct children, or — for a city or province parent (under 6 digits) —
 * every row whose parent district lies under it (a city ranks all its streets and district departments).
 */
const WITHIN_PARENT = `($2::text IS NULL OR parent_code = $2
  OR (length($2) < 6 AND parent_code LIKE $2 || '%'))`;

export interface UnitCounts {
  level: string;
  unit: string;
  parent: string | null;
  counts: Counts;
}

/** The only code that touches assessment_daily. Reads sum day rows; they never touch cases. */
@Injectable()
export class AssessmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async applyDeltas(
    manager: EntityManager,
    deltas: Array<{ unit: ScoredUnit; day: string; delta: Counts }>,
  ): Promise<void> {
    if (deltas.length === 0) return;
    const columns = COUNTERS.map((c) => COLUMNS[c]);
    await manager.query(
      `INSERT INTO assessment_daily (level, unit_code, day, parent_code, ${columns.join(', ')})
       SELECT level, unit_code, day, parent_code, ${columns.join(', ')}
       FROM jsonb_to_recordset($1::jsonb) AS d(level text, unit_code text, day date, parent_code text,
         ${columns.map((c) => `${c} int`).join(', ')})
       ORDER BY level, unit_code, day
       ON CONFLICT (level, unit_code, day) DO UPDATE SET parent_code = EXCLUDED.parent_code,
         ${columns.map((c) => `${c} = assessment_daily.${c} + EXCLUDED.${c}`).join(', ')}`,
      [
        JSON.stringify(
          deltas.map(({ unit, day, delta }) => ({
            level: unit.level,
            unit_code: unit.code,
            day,
            parent_code: unit.parent,
            ...Object.fromEntries(COUNTERS.map((c) => [COLUMNS[c], delta[c]])),
          })),
        ),
      ],
    );
  }

  /** Sums of one unit's day rows in [from, to], per level it is scored at. */
  async unitTotals(unit: string, from: string, to: string): Promise<UnitCounts[]> {
    const rows = await this.dataSource.query(
      `SELECT level, unit_code AS unit, max(parent_code) AS parent, ${SUMS}
       FROM assessment_daily WHERE unit_code = $1 AND day BETWEEN $2 AND $3
       GROUP BY level, unit_code ORDER BY level`,
      [unit, from, to],
    );
    return rows.map(toUnitCounts);
  }

  /** Sums per unit of a level (optionally within a parent) over [from, to]. */
  async levelTotals(level: string, parent: string | null, from: string, to: string): Promise<UnitCounts[]> {
    const rows = await this.dataSource.query(
      `SELECT level, unit_code AS unit, max(parent_code) AS parent, ${SUMS}
       FROM assessment_daily
       WHERE level = $1 AND ${WITHIN_PARENT} AND day BETWEEN $3 AND $4
       GROUP BY level, unit_code`,
      [level, parent, from, to],
    );
    return rows.map(toUnitCounts);
  }

  /**
   * A district's, city's or province's figures rolled up from its streets' day rows (every scored case has
   * a street; departments would count a case twice with their co-handlers, streets never do).
   */
  async rolledUp(unit: string, level: string, from: string, to: string): Promise<UnitCounts | null> {
    const [row] = await this.dataSource.query(
      `SELECT $2::text AS level, $1::text AS unit, NULL AS parent, count(*)::int AS n, ${SUMS}
       FROM assessment_daily WHERE level = 'street' AND unit_code LIKE $1 || '%' AND day BETWEEN $3 AND $4`,
      [unit, level, from, to],
    );
    return Number(row?.n ?? 0) > 0 ? toUnitCounts(row) : null;
  }

  /** Districts ranked by their streets' figures, within a city or province (or everywhere). */
  async districtTotals(parent: string | null, from: string, to: string): Promise<UnitCounts[]> {
    const rows = await this.dataSource.query(
      `SELECT 'district' AS level, parent_code AS unit, left(parent_code, 4) AS parent, ${SUMS}
       FROM assessment_daily
       WHERE level = 'street' AND parent_code IS NOT NULL AND ($1::text IS NULL OR parent_code LIKE $1 || '%')
         AND day BETWEEN $2 AND $3
       GROUP BY parent_code`,
      [parent, from, to],
    );
    return rows.map(toUnitCounts);
  }
}

function toUnitCounts(row: Record<string, unknown>): UnitCounts {
  return {
    level: row.level as string,
    unit: row.unit as string,
    parent: (row.parent as string | null) ?? null,
    counts: Object.fromEntries(COUNTERS.map((c) => [c, Number(row[c] ?? 0)])) as Counts,
  };
}
