import { bigSign, exactIntegers, orient } from './exact-predicates.js';
import { polygonsOf, type AreaGeometry, type Position, type Ring } from './geojson.types.js';

/** Where a point lies relative to a ring or an area. */
export type PointLocation = 'inside' | 'boundary' | 'outside';

/**
 * Winding-number test with exact orientation: a point on an edge or vertex is reported as `boundary`,
 * whatever the rounding of the coordinates. Works for either ring orientation.
 */
export function locateInRing(x: number, y: number, ring: readonly Position[]): PointLocation {
  let winding = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    // Indexed reads, not destructuring: this loop is the hot path of every lookup.
    const p = ring[i];
    const q = ring[i + 1];
    const px = p[0];
    const py = p[1];
    const qx = q[0];
    const qy = q[1];
    // An edge entirely above or below the point can neither contain it nor cross its rightward ray.
    if ((y < py && y < qy) || (y > py && y > qy)) continue;
    const side = orient(px, py, qx, qy, x, y);
    if (side === 0 && (px <= qx ? px <= x && x <= qx : qx <= x && x <= px)) return 'boundary';
    // Half-open rule (lower endpoint counts, upper does not) so a vertex on the ray is counted once.
    if (py <= y && y < qy && side > 0) winding++;
    else if (qy <= y && y < py && side < 0) winding--;
  }
  return winding === 0 ? 'outside' : 'inside';
}

/** Location in polygons given as ring lists (exterior first, then holes). */
export function locateInPolygons(x: number, y: number, polygons: readonly Ring[][]): PointLocation {
  for (const rings of polygons) {
    const location = locateInPolygon(x, y, rings);
    if (location !== 'outside') return location;
  }
  return 'outside';
}

function locateInPolygon(x: number, y: number, rings: readonly Ring[]): PointLocation {
  if (rings.length === 0) return 'outside';
  const outer = locateInRing(x, y, rings[0]);
  if (outer !== 'inside') return outer;
  for (let h = 1; h < rings.length; h++) {
    const hole = locateInRing(x, y, rings[h]);
    if (hole === 'inside') return 'outside';
    if (hole === 'boundary') return 'boundary';
  }
  return 'inside';
}

export function locateInArea(lng: number, lat: number, geometry: AreaGeometry): PointLocation {
  return locateInPolygons(lng, lat, polygonsOf(geometry));
}

/**
 * True when (lng, lat) lies in the area, holes excluded. Points exactly on the boundary – an exterior
 * edge, a hole's edge, a vertex – count as inside, so a point on an edge shared by two grids belongs to both
 * and callers pick one deterministically (AreaIndex takes the smallest key).
 */
export function pointInArea(lng: number, lat: number, geometry: AreaGeometry): boolean {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return false;
  return locateInArea(lng, lat, geometry) !== 'outside';
}

/**
 * Exact location of the midpoint of a–b, which is generally not representable as doubles: the test runs on
 * doubled integer coordinates. Slow, so it is only used for the rare edges that touch another boundary.
 */
export function locateMidpointInPolygons(
  a: Position,
  b: Position,
  polygons: readonly Ring[][],
): PointLocation {
  const midY = (a[1] + b[1]) / 2;
  const slack = 1e-9 * (1 + Math.abs(midY));
  for (const rings of polygons) {
    const outer = locateMidpointInRing(a, b, rings[0], midY, slack);
    if (outer === 'boundary') return outer;
    if (outer === 'outside') continue;
    let inHole = false;
    for (let h = 1; h < rings.length && !inHole; h++) {
      const hole = locateMidpointInRing(a, b, rings[h], midY, slack);
      if (hole === 'boundary') return hole;
      inHole = hole === 'inside';
    }
    if (!inHole) return 'inside';
  }
  return 'outside';
}

function locateMidpointInRing(
  a: Position,
  b: Position,
  ring: readonly Position[],
  midY: number,
  slack: number,
): PointLocation {
  let winding = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i];
    const q = ring[i + 1];
    // Conservative float pre-filter; the decision itself is exact.
    if (Math.max(p[1], q[1]) < midY - slack || Math.min(p[1], q[1]) > midY + slack) continue;
    const [ax, ay, bx, by, px, py, qx, qy] = exactIntegers([a[0], a[1], b[0], b[1], p[0], p[1], q[0], q[1]]);
    const mx = ax + bx;
    const my = ay + by;
    const [p2x, p2y, q2x, q2y] = [2n * px, 2n * py, 2n * qx, 2n * qy];
    if ((my < p2y && my < q2y) || (my > p2y && my > q2y)) continue;
    const side = bigSign((p2x - mx) * (q2y - my) - (p2y - my) * (q2x - mx));
    const betweenX = p2x <= q2x ? p2x <= mx && mx <= q2x : q2x <= mx && mx <= p2x;
    if (side === 0 && betweenX) return 'boundary';
    if (p2y <= my && my < q2y && side > 0) winding++;
    else if (q2y <= my && my < p2y && side < 0) winding--;
  }
  return winding === 0 ? 'outside' : 'inside';
}
