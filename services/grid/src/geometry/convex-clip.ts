import { orientOf, samePosition } from './exact-predicates.js';
import { centroid, ringArea } from './geo-distance.js';
import type { Position, Ring } from './geojson.types.js';

/**
 * Sutherland–Hodgman: the part of `subject` (any closed ring) inside `clip` (a convex, counterclockwise,
 * closed ring), as a closed counterclockwise ring, or null when nothing of positive area remains.
 * Every returned vertex is exactly inside or on the clip ring: computed intersections that rounding put
 * just outside are nudged inwards. Intersections are computed from the edge's endpoints in a canonical
 * order, so two subjects sharing an edge get bit-identical points and stay seamless.
 */
export function clipToConvex(subject: readonly Position[], clip: readonly Position[]): Ring | null {
  const clipVertices = open(clip);
  let output = open(subject);
  for (let c = 0; c < clipVertices.length && output.length > 0; c++) {
    const p = clipVertices[c];
    const q = clipVertices[(c + 1) % clipVertices.length];
    const input = output;
    output = [];
    for (let k = 0; k < input.length; k++) {
      const s = input[(k + input.length - 1) % input.length];
      const e = input[k];
      const sideS = orientOf(p, q, s);
      const sideE = orientOf(p, q, e);
      if (sideE >= 0) {
        if (sideS < 0 && sideE > 0) output.push(intersection(p, q, s, e));
        output.push(e);
      } else if (sideS > 0) {
        output.push(intersection(p, q, s, e));
      }
    }
  }
  const interior = centroid(clip);
  return tidy(output.map((point) => snapInside(point, clipVertices, interior)));
}

/** Closed, counterclockwise, every turn left or straight, positive area. */
export function isConvexRing(ring: readonly Position[]): boolean {
  if (ring.length < 4 || !samePosition(ring[0], ring[ring.length - 1])) return false;
  const vertices = open(ring);
  const n = vertices.length;
  for (let i = 0; i < n; i++) {
    if (orientOf(vertices[(i + n - 1) % n], vertices[i], vertices[(i + 1) % n]) < 0) return false;
  }
  return ringArea(ring) > 0;
}

/** Convex hull (Andrew's monotone chain, exact turns) as a closed CCW ring; null for collinear points. */
export function convexHull(points: readonly Position[]): Ring | null {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const chain = (from: Position[]): Position[] => {
    const hull: Position[] = [];
    for (const point of from) {
      while (hull.length >= 2 && orientOf(hull[hull.length - 2], hull[hull.length - 1], point) <= 0)
        hull.pop();
      hull.push(point);
    }
    return hull;
  };
  const lower = chain(sorted);
  const upper = chain(sorted.reverse());
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  if (hull.length < 3) return null;
  return [...hull.map((p): Position => [p[0], p[1]]), [hull[0][0], hull[0][1]]];
}

function open(ring: readonly Position[]): Position[] {
  const last = ring.length - 1;
  return last > 0 && samePosition(ring[0], ring[last]) ? ring.slice(0, last) : [...ring];
}

function intersection(p: Position, q: Position, s: Position, e: Position): Position {
  const [u, v] = s[0] < e[0] || (s[0] === e[0] && s[1] < e[1]) ? [s, e] : [e, s];
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const sideU = dx * (u[1] - p[1]) - dy * (u[0] - p[0]);
  const sideV = dx * (v[1] - p[1]) - dy * (v[0] - p[0]);
  const t = Math.min(1, Math.max(0, sideU / (sideU - sideV)));
  return [u[0] + t * (v[0] - u[0]), u[1] + t * (v[1] - u[1])];
}

function insideOrOn(point: Position, clip: readonly Position[]): boolean {
  for (let i = 0; i < clip.length; i++) {
    if (orientOf(clip[i], clip[(i + 1) % clip.length], point) < 0) return false;
  }
  return true;
}

function snapInside(point: Position, clip: readonly Position[], interior: Position): Position {
  if (insideOrOn(point, clip)) return point;
  // Rounding error is a few ulps; move towards the interior in growing steps until exactly inside.
  for (let step = 2 ** -52; step <= 1; step *= 4) {
    const moved: Position = [
      point[0] + (interior[0] - point[0]) * step,
      point[1] + (interior[1] - point[1]) * step,
    ];
    if (insideOrOn(moved, clip)) return moved;
  }
  return interior;
}

function tidy(points: Position[]): Ring | null {
  const distinct = points.filter((p, i) => !samePosition(p, points[(i + points.length - 1) % points.length]));
  if (distinct.length < 3) return null;
  const [a, b] = distinct;
  if (distinct.every((p) => orientOf(a, b, p) === 0)) return null;
  const ring: Ring = [...distinct, distinct[0]];
  return ringArea(ring) < 0 ? ring.reverse() : ring;
}
