import fc from 'fast-check';
import { DomainError } from '@yiwang/platform';
import {
  convexHull,
  isWithin,
  mulberry32,
  partitionConvex,
  pointInArea,
  pointInRing,
  randomBetween,
  randomInt,
  ringArea,
  validateAreaGeometry,
  type Position,
  type RandomSource,
  type Ring,
} from '../../src/geometry/index.js';
import { polygon, ring } from './geometry-fixtures.js';

/** A random convex ring somewhere in China, from a few metres to tens of kilometres across. */
function randomConvexParent(random: RandomSource): Ring {
  for (;;) {
    const [lng, lat] = [randomBetween(random, 73, 135), randomBetween(random, 18, 53)];
    const radius = 10 ** randomBetween(random, -4, -0.5);
    const corners = Array.from({ length: randomInt(random, 3, 12) }, (): Position => [
      lng + randomBetween(random, -radius, radius),
      lat + randomBetween(random, -radius, radius),
    ]);
    const hull = convexHull(corners);
    if (hull) return hull;
  }
}

function distanceToSegment([px, py]: Position, [ax, ay]: Position, [bx, by]: Position): number {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function nearAnEdge(point: Position, cells: Ring[]): boolean {
  return cells.some((ring) => ring.slice(1).some((b, i) => distanceToSegment(point, ring[i], b) < 1e-9));
}

describe('partitionConvex', () => {
  it('covers a random convex parent with valid cells that never overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 40 }),
        (seed, count) => {
          const random = mulberry32(seed);
          const parent = randomConvexParent(random);
          const cells = partitionConvex(parent, count, random);
          expect(cells).toHaveLength(count);
          for (const cell of cells) {
            expect(validateAreaGeometry(polygon(cell)).problems).toEqual([]);
            expect(isWithin(polygon(cell), polygon(parent))).toBe(true);
          }
          const total = cells.reduce((sum, cell) => sum + ringArea(cell), 0);
          expect(Math.abs(total - ringArea(parent))).toBeLessThan(1e-6 * ringArea(parent));
          for (let n = 0; n < 100; n++) {
            const point = pointInRing(parent, random);
            if (nearAnEdge(point, cells)) continue;
            expect(cells.filter((cell) => pointInArea(point[0], point[1], polygon(cell)))).toHaveLength(1);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is deterministic for a seeded random source', () => {
    const parent = randomConvexParent(mulberry32(7));
    expect(partitionConvex(parent, 12, mulberry32(99))).toEqual(partitionConvex(parent, 12, mulberry32(99)));
  });

  it('returns the parent itself for one cell', () => {
    const parent = randomConvexParent(mulberry32(3));
    expect(partitionConvex(parent, 1, mulberry32(1))).toEqual([parent]);
  });

  it('refuses a parent that is not a convex counterclockwise ring, and a bad count', () => {
    const notch = ring('0 0, 2 0, 2 2, 1 1, 0 2, 0 0');
    expect(() => partitionConvex(notch, 3, mulberry32(1))).toThrow(DomainError);
    expect(() => partitionConvex(notch, 3, mulberry32(1))).toThrow(/not convex/);
    const clockwise = ring('0 0, 0 1, 1 1, 1 0, 0 0');
    expect(() => partitionConvex(clockwise, 3, mulberry32(1))).toThrow(/wrong winding/);
    expect(() => partitionConvex([...clockwise].reverse(), 0, mulberry32(1))).toThrow(RangeError);
  });
});
