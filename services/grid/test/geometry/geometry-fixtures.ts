import type { AreaGeometry, Position, Ring } from '../../src/geometry/index.js';

/** Positions written compactly, WKT-style: ring('0 0, 1 0, 1 1, 0 0'). */
export function ring(text: string): Ring {
  return text.split(',').map((pair): Position => {
    const [lng, lat] = pair.trim().split(/\s+/).map(Number);
    return [lng, lat];
  });
}

/** Counterclockwise square with its lower-left corner at (x, y). */
export function square(x: number, y: number, size: number): Ring {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
}

export function polygon(...rings: Ring[]): AreaGeometry {
  return { type: 'Polygon', coordinates: rings };
}

/** A star ring with many vertices (spikes alternate between radius and 0.6 · radius), closed. */
export function star(cx: number, cy: number, radius: number, points: number, clockwise = false): Ring {
  const ring = Array.from({ length: 2 * points }, (_, i): Position => {
    const angle = (i / (2 * points)) * 2 * Math.PI * (clockwise ? -1 : 1);
    const r = i % 2 === 0 ? radius : radius * 0.6;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
  });
  return [...ring, ring[0]];
}
