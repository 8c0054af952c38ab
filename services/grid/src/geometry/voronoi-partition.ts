import { Delaunay } from 'd3-delaunay';
import { DomainError } from '@yiwang/platform';
import { clipToConvex, isConvexRing } from './convex-clip.js';
import { bbox } from './geo-distance.js';
import type { Position, Ring } from './geojson.types.js';
import { INVALID_POLYGON, validateAreaGeometry } from './polygon-validation.js';
import { pointInRing, type RandomSource } from './random.js';

const MAX_CELLS = 100_000;
// Coincident seeds are vanishingly rare with a real PRNG; a few redraws settle them.
const MAX_DRAWS = 5;

/**
 * Splits a convex parent (closed, counterclockwise ring) into `count` cells: Voronoi cells of random seeds
 * strictly inside the parent, clipped to it. Cells are closed counterclockwise rings that cover the parent
 * without overlapping (neighbours share edges bit for bit), each inside or on the parent's boundary.
 * Deterministic for a deterministic `random` (see mulberry32). Intended for demo and test data: real grid
 * boundaries come from surveys.
 */
export function partitionConvex(parent: Ring, count: number, random: RandomSource): Ring[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CELLS) {
    throw new RangeError(`count must be an integer from 1 to ${MAX_CELLS}, got ${count}`);
  }
  assertConvexParent(parent);
  if (count === 1) return [parent.map((p): Position => [p[0], p[1]])];
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const cells = voronoiCells(parent, drawSeeds(parent, count, random));
    if (cells) return cells;
  }
  throw new RangeError('could not partition the parent: the random source keeps producing degenerate seeds');
}

function assertConvexParent(parent: Ring): void {
  const { problems } = validateAreaGeometry({ type: 'Polygon', coordinates: [parent] }, 'parent');
  if (problems.length === 0 && !isConvexRing(parent)) {
    problems.push({ field: 'parent', message: 'parent ring is not convex' });
  }
  if (problems.length > 0) {
    throw DomainError.invalid(
      INVALID_POLYGON,
      `Cannot partition the parent: ${problems[0].message}`,
      problems,
    );
  }
}

function drawSeeds(parent: Ring, count: number, random: RandomSource): Position[] {
  const seen = new Set<string>();
  const seeds: Position[] = [];
  for (let attempt = 0; seeds.length < count && attempt < count * 10; attempt++) {
    const seed = pointInRing(parent, random);
    const key = `${seed[0]},${seed[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    seeds.push(seed);
  }
  return seeds;
}

function voronoiCells(parent: Ring, seeds: Position[]): Ring[] | null {
  // Triangulate in a unit frame: d3-delaunay judges "all collinear" by an absolute area threshold, which
  // small real-world parents would trip. Voronoi cells commute with translation and uniform scaling.
  const [minX, minY, maxX, maxY] = bbox(parent);
  const scale = Math.max(maxX - minX, maxY - minY);
  const local = seeds.map(([x, y]): Position => [(x - minX) / scale, (y - minY) / scale]);
  // Far sites keep the triangulation two-dimensional even for 2 or collinear seeds; every point of the
  // parent is nearer to some seed than to them, so they never shape a cell inside it.
  const frame: Position[] = [
    [-10, -10],
    [11, -10],
    [11, 11],
    [-10, 11],
  ];
  const voronoi = Delaunay.from([...local, ...frame]).voronoi([-2, -2, 3, 3]);
  const cells: Ring[] = [];
  for (let i = 0; i < seeds.length; i++) {
    const polygon = voronoi.cellPolygon(i) as Position[] | null;
    if (!polygon) return null;
    const cell = clipToConvex(
      polygon.map(([u, v]): Position => [minX + u * scale, minY + v * scale]),
      parent,
    );
    if (!cell) return null;
    cells.push(cell);
  }
  return cells;
}
