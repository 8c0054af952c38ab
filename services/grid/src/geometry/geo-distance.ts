import { polygonsOf, type AreaGeometry, type BBox, type Position } from './geojson.types.js';

/** IUGG mean Earth radius. */
export const EARTH_RADIUS_METERS = 6_371_008.8;
const RADIANS = Math.PI / 180;

/** Great-circle distance between two [lng, lat] positions. */
export function haversineMeters(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RADIANS;
  const dLng = (b[0] - a[0]) * RADIANS;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RADIANS) * Math.cos(b[1] * RADIANS) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Signed shoelace area in square degrees: positive for counterclockwise rings. Good for orientation and
 * relative sizes, not for measurement (use areaSquareMeters). Computed relative to the first vertex to keep
 * precision at real-world coordinates.
 */
export function ringArea(ring: readonly Position[]): number {
  if (ring.length < 3) return 0;
  const [ox, oy] = ring[0];
  let twice = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[i + 1];
    twice += (x1 - ox) * (y2 - oy) - (x2 - ox) * (y1 - oy);
  }
  return twice / 2;
}

/**
 * Approximate unsigned area of a ring in m², projecting equirectangularly at referenceLat (default: the
 * middle of the ring's latitude span). Within ~0.5% for grid- and community-sized areas.
 */
export function ringAreaSquareMeters(ring: readonly Position[], referenceLat?: number): number {
  const lat0 = referenceLat ?? middleLatitude(ring);
  const metersPerDegree = EARTH_RADIUS_METERS * RADIANS;
  return Math.abs(ringArea(ring)) * metersPerDegree * metersPerDegree * Math.cos(lat0 * RADIANS);
}

/** Approximate area in m²: exteriors minus holes, each polygon projected at its own latitude. */
export function areaSquareMeters(geometry: AreaGeometry): number {
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    if (rings.length === 0) continue;
    const lat0 = middleLatitude(rings[0]);
    total += ringAreaSquareMeters(rings[0], lat0);
    for (let h = 1; h < rings.length; h++) total -= ringAreaSquareMeters(rings[h], lat0);
  }
  return total;
}

function middleLatitude(ring: readonly Position[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const [, lat] of ring) {
    if (lat < min) min = lat;
    if (lat > max) max = lat;
  }
  return ring.length === 0 ? 0 : (min + max) / 2;
}

/**
 * Bounding box of an area or a ring. Empty input gives [Infinity, Infinity, -Infinity, -Infinity], which
 * contains nothing.
 */
export function bbox(geometry: AreaGeometry | readonly Position[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = Array.isArray(geometry) ? [geometry] : polygonsOf(geometry as AreaGeometry).flat();
  for (const ring of rings) {
    for (const [lng, lat] of ring) {
      if (lng < box[0]) box[0] = lng;
      if (lat < box[1]) box[1] = lat;
      if (lng > box[2]) box[2] = lng;
      if (lat > box[3]) box[3] = lat;
    }
  }
  return box;
}

/** Area-weighted centroid of a ring; the vertex average when the ring has no area. */
export function centroid(ring: readonly Position[]): Position {
  if (ring.length === 0) return [NaN, NaN];
  const [ox, oy] = ring[0];
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const x1 = ring[i][0] - ox;
    const y1 = ring[i][1] - oy;
    const x2 = ring[i + 1][0] - ox;
    const y2 = ring[i + 1][1] - oy;
    const cross = x1 * y2 - x2 * y1;
    twiceArea += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (twiceArea === 0) {
    const last = ring[ring.length - 1];
    const closed = ring.length > 1 && ring[0][0] === last[0] && ring[0][1] === last[1];
    const vertices = closed ? ring.slice(0, -1) : ring;
    const sum = vertices.reduce<Position>((acc, [x, y]) => [acc[0] + x, acc[1] + y], [0, 0]);
    return [sum[0] / vertices.length, sum[1] / vertices.length];
  }
  return [ox + cx / (3 * twiceArea), oy + cy / (3 * twiceArea)];
}
