import { orientOf } from './exact-predicates.js';
import { bbox, ringArea } from './geo-distance.js';
import type { Position } from './geojson.types.js';
import { locateInRing } from './point-in-polygon.js';

/** A source of uniform numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** Small, fast, seedable PRNG (32-bit state): reproducible demo data and property tests, not cryptography. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max], both inclusive. */
export function randomInt(random: RandomSource, min: number, max: number): number {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
    throw new RangeError(`randomInt needs integers min <= max, got ${min}, ${max}`);
  }
  return min + Math.floor(random() * (max - min + 1));
}

/** Number in [min, max). */
export function randomBetween(random: RandomSource, min: number, max: number): number {
  return min + random() * (max - min);
}

export function pick<T>(random: RandomSource, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick needs at least one item');
  return items[Math.floor(random() * items.length)];
}

const MAX_ATTEMPTS = 10_000;

/**
 * A uniformly distributed point strictly inside a closed ring (never on its boundary). Convex rings are
 * sampled by triangle fan, so thin slivers cost nothing; other rings by rejection within the bounding box.
 */
export function pointInRing(ring: readonly Position[], random: RandomSource): Position {
  const sample = isConvex(ring) ? fanSampler(ring) : boxSampler(ring);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const point = sample(random);
    if (locateInRing(point[0], point[1], ring) === 'inside') return point;
  }
  throw new RangeError('could not sample a point inside the ring: it has no interior');
}

function isConvex(ring: readonly Position[]): boolean {
  const n = ring.length - 1;
  if (n < 3) return false;
  let sign = 0;
  for (let i = 0; i < n; i++) {
    const turn = orientOf(ring[(i + n - 1) % n], ring[i], ring[i + 1]);
    if (turn === 0) continue;
    if (sign !== 0 && turn !== sign) return false;
    sign = turn;
  }
  return sign !== 0;
}

function fanSampler(ring: readonly Position[]): (random: RandomSource) => Position {
  const [ox, oy] = ring[0];
  const weights: number[] = [];
  let total = 0;
  for (let i = 1; i + 2 < ring.length; i++) {
    total += Math.abs(ringArea([ring[0], ring[i], ring[i + 1], ring[0]]));
    weights.push(total);
  }
  return (random) => {
    const target = random() * total;
    let i = weights.findIndex((w) => w > target);
    if (i < 0) i = weights.length - 1;
    let u = random();
    let v = random();
    if (u + v > 1) [u, v] = [1 - u, 1 - v];
    const [bx, by] = ring[i + 1];
    const [cx, cy] = ring[i + 2];
    return [ox + u * (bx - ox) + v * (cx - ox), oy + u * (by - oy) + v * (cy - oy)];
  };
}

function boxSampler(ring: readonly Position[]): (random: RandomSource) => Position {
  const [minX, minY, maxX, maxY] = bbox(ring);
  return (random) => [randomBetween(random, minX, maxX), randomBetween(random, minY, maxY)];
}
