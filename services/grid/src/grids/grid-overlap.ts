import {
  bbox,
  locateInArea,
  polygonsOf,
  segmentRelation,
  centroid,
  type AreaGeometry,
  type Position,
} from '../geometry/index.js';

/**
 * True when two areas share interior: a vertex or the centroid of one strictly inside the other, or two
 * edges crossing properly. Touching along edges or at points (neighbouring grids) is not overlap.
 */
export function overlaps(a: AreaGeometry, b: AreaGeometry): boolean {
  const [ax0, ay0, ax1, ay1] = bbox(a);
  const [bx0, by0, bx1, by1] = bbox(b);
  if (ax1 <= bx0 || bx1 <= ax0 || ay1 <= by0 || by1 <= ay0) return false;
  if (someVertexInside(a, b) || someVertexInside(b, a)) return true;
  for (const [pa, pb] of edges(a)) {
    for (const [pc, pd] of edges(b)) if (segmentRelation(pa, pb, pc, pd) === 'cross') return true;
  }
  return false;
}

function someVertexInside(a: AreaGeometry, b: AreaGeometry): boolean {
  for (const polygon of polygonsOf(a)) {
    const [cx, cy] = centroid(polygon[0]);
    if (locateInArea(cx, cy, b) === 'inside') return true;
    for (const [x, y] of polygon[0]) if (locateInArea(x, y, b) === 'inside') return true;
  }
  return false;
}

function* edges(g: AreaGeometry): Generator<[Position, Position]> {
  for (const polygon of polygonsOf(g)) {
    for (const ring of polygon) for (let i = 0; i + 1 < ring.length; i += 1) yield [ring[i], ring[i + 1]];
  }
}
