import { mulberry32 } from '../geometry/random.js';

/** A source of uniform numbers in [0, 1), like Math.random; generators take one so output is reproducible. */
export type Random = () => number;

/**
 * The registry's one seedable generator (mulberry32, in geometry/random.ts): the same seed gives the same
 * residents on every run. Not cryptographically secure; never use it for keys, tokens or IVs.
 */
export function seededRandom(seed: number): Random {
  return mulberry32(seed);
}

/** An index in [0, size), rejecting a random source that strays outside [0, 1). */
export function pickIndex(random: Random, size: number): number {
  return Math.floor(nextUnit(random) * size);
}

export function nextUnit(random: Random): number {
  const value = random();
  if (!(value >= 0 && value < 1)) throw new RangeError('random() must return a number in [0, 1)');
  return value;
}
