/** A source of uniform numbers in [0, 1), like Math.random; generators take one so output is reproducible. */
export type Random = () => number;

/**
 * A small deterministic generator (mulberry32) for demo data: the same seed gives the same residents on
 * every run. Not cryptographically secure; never use it for keys, tokens or IVs.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
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
