import type { Ring } from '../geometry/index.js';

/**
 * Rough bounding boxes [west, south, east, north] of Guangzhou's districts, for placing demo geography.
 * The demo's streets, communities and grids are synthetic Voronoi cells inside these boxes: plausible on a
 * map, not the real boundaries.
 */
const DISTRICT_BOXES: Record<string, [number, number, number, number]> = {
  '440103': [113.2, 23.05, 113.27, 23.16],
  '440104': [113.24, 23.11, 113.31, 23.16],
  '440105': [113.23, 23.04, 113.41, 23.11],
  '440106': [113.3, 23.1, 113.44, 23.25],
  '440111': [113.15, 23.14, 113.48, 23.43],
  '440112': [113.38, 23.02, 113.6, 23.43],
};

/** A counter-clockwise closed rectangle for the district (a synthetic one near Guangzhou when unknown). */
export function districtRing(code: string): Ring {
  const box = DISTRICT_BOXES[code] ?? syntheticBox(code);
  const [w, s, e, n] = box;
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

function syntheticBox(code: string): [number, number, number, number] {
  const k = Number(code.slice(-2)) || 1;
  const west = 113.0 + (k % 7) * 0.12;
  const south = 22.6 + (k % 5) * 0.12;
  return [west, south, west + 0.1, south + 0.1];
}
