import type { GeometryProblem, Position } from './geojson.types.js';

/** Caps the problem list so a shredded boundary yields a readable answer, not thousands of lines. */
export class ProblemList {
  readonly items: GeometryProblem[] = [];
  private dropped = 0;

  constructor(private readonly limit = 50) {}

  add(field: string, message: string): void {
    if (this.items.length < this.limit) this.items.push({ field, message });
    else this.dropped++;
  }

  get full(): boolean {
    return this.items.length >= this.limit;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  finish(field: string): GeometryProblem[] {
    return this.dropped === 0
      ? this.items
      : [...this.items, { field, message: `and ${this.dropped} more problems` }];
  }
}

export interface ParsedRing {
  /** Field path of the ring, e.g. `polygon.coordinates[0]` or `polygon.coordinates[1][0]`. */
  readonly path: string;
  /** How messages name the ring: `ring 0` or `polygon 1 ring 0`. */
  readonly label: string;
  readonly index: number;
  /** Closed, with repeated consecutive positions (allowed by RFC 7946) removed and altitude dropped. */
  readonly positions: Position[];
  /** Input index of each kept position, so messages point at what the caller sent. */
  readonly source: number[];
  readonly valid: boolean;
}

export interface ParsedArea {
  readonly type: 'Polygon' | 'MultiPolygon';
  readonly polygons: ParsedRing[][];
}

/** Guards CPU: validation is near n log n, but a request should not carry a country's coastline. */
export const MAX_POSITIONS = 100_000;

/** Structural checks (RFC 7946 shape, numbers, ranges, ring size and closure); topology comes later. */
export function parseArea(input: unknown, field: string, problems: ProblemList): ParsedArea | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.add(field, 'must be a GeoJSON Polygon or MultiPolygon object');
    return null;
  }
  const { type, coordinates } = input as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    problems.add(`${field}.type`, `must be "Polygon" or "MultiPolygon", got ${describe(type)}`);
    return null;
  }
  const path = `${field}.coordinates`;
  if (!Array.isArray(coordinates)) {
    problems.add(path, `must be an array of ${type === 'Polygon' ? 'rings' : 'polygons'}`);
    return null;
  }
  if (countPositions(coordinates) > MAX_POSITIONS) {
    problems.add(path, `has more than ${MAX_POSITIONS} positions`);
    return null;
  }
  if (type === 'Polygon') {
    const rings = parsePolygon(coordinates, path, '', problems);
    return rings && { type, polygons: [rings] };
  }
  if (coordinates.length === 0) {
    problems.add(path, 'must contain at least one polygon');
    return null;
  }
  const polygons: ParsedRing[][] = [];
  coordinates.forEach((polygon: unknown, p) => {
    if (!Array.isArray(polygon)) problems.add(`${path}[${p}]`, `polygon ${p} must be an array of rings`);
    else {
      const rings = parsePolygon(polygon, `${path}[${p}]`, `polygon ${p} `, problems);
      if (rings) polygons.push(rings);
    }
  });
  return polygons.length === coordinates.length ? { type, polygons } : null;
}

function parsePolygon(
  rings: unknown[],
  path: string,
  prefix: string,
  problems: ProblemList,
): ParsedRing[] | null {
  if (rings.length === 0) {
    problems.add(path, `${prefix}must contain at least the exterior ring`.trimStart());
    return null;
  }
  return rings.map((ring, r) => parseRing(ring, `${path}[${r}]`, `${prefix}ring ${r}`, r, problems));
}

function parseRing(
  input: unknown,
  path: string,
  label: string,
  index: number,
  problems: ProblemList,
): ParsedRing {
  const invalid = { path, label, index, positions: [], source: [], valid: false };
  if (!Array.isArray(input)) {
    problems.add(path, `${label} must be an array of positions`);
    return invalid;
  }
  const raw: Position[] = [];
  input.forEach((position: unknown, i) => {
    const parsed = parsePosition(position, `${path}[${i}]`, problems);
    if (parsed) raw.push(parsed);
  });
  if (raw.length !== input.length) return invalid;
  let valid = true;
  if (raw.length < 4) {
    problems.add(
      path,
      `${label} has ${raw.length} positions; a ring needs at least 4 (the last repeating the first)`,
    );
    valid = false;
  }
  const first = raw[0];
  const last = raw[raw.length - 1];
  if (raw.length > 0 && (first[0] !== last[0] || first[1] !== last[1])) {
    problems.add(
      `${path}[${raw.length - 1}]`,
      `${label} is not closed: the last position must equal the first`,
    );
    valid = false;
  }
  if (!valid) return invalid;
  const positions: Position[] = [];
  const source: number[] = [];
  raw.forEach((position, i) => {
    const previous = positions[positions.length - 1];
    if (previous && previous[0] === position[0] && previous[1] === position[1]) return;
    positions.push(position);
    source.push(i);
  });
  if (positions.length < 4) {
    problems.add(path, `${label} has fewer than 3 distinct corners`);
    return invalid;
  }
  return { path, label, index, positions, source, valid: true };
}

function parsePosition(input: unknown, path: string, problems: ProblemList): Position | null {
  if (!Array.isArray(input) || input.length < 2 || input.length > 3) {
    problems.add(path, 'position must be [longitude, latitude] (optionally with altitude)');
    return null;
  }
  const [lng, lat, altitude] = input as unknown[];
  let ok = true;
  for (const [name, value] of [
    ['longitude', lng],
    ['latitude', lat],
    ['altitude', altitude],
  ] as const) {
    if (name === 'altitude' && input.length < 3) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.add(path, `${name} ${describe(value)} is not a finite number`);
      ok = false;
    }
  }
  if (!ok) return null;
  const x = lng as number;
  const y = lat as number;
  if (x < -180 || x > 180) {
    problems.add(path, `longitude ${x} is outside [-180, 180]`);
    ok = false;
  }
  if (y < -90 || y > 90) {
    problems.add(path, `latitude ${y} is outside [-90, 90]`);
    ok = false;
  }
  // -0 normalised so equality and hashing of positions behave.
  return ok ? [x + 0, y + 0] : null;
}

function countPositions(value: unknown[], depth = 0): number {
  if (depth > 3) return 0;
  let count = 0;
  for (const item of value) {
    if (!Array.isArray(item)) continue;
    count += typeof item[0] === 'number' || depth === 3 ? 1 : countPositions(item, depth + 1);
    if (count > MAX_POSITIONS) return count;
  }
  return count;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
