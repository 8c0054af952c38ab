import { polygonsWithin } from './area-containment.js';
import { onSegment, orientOf } from './exact-predicates.js';
import { bbox, ringArea } from './geo-distance.js';
import type { Position } from './geojson.types.js';
import type { ParsedArea, ParsedRing, ProblemList } from './polygon-parse.js';
import { PreparedArea } from './prepared-area.js';
import {
  crossingPoint,
  forEachCandidatePair,
  segment,
  segmentRelation,
  type Segment,
  type SegmentRelation,
} from './segment-intersection.js';

interface RingState {
  readonly ring: ParsedRing;
  readonly polygon: number;
  degenerate: boolean;
  selfIntersecting: boolean;
  reported: number;
}

interface OwnedSegment extends Segment {
  readonly state: RingState;
  /** Index of the segment's first position in the (deduplicated) ring. */
  readonly at: number;
}

// Enough to show the shape of the problem without flooding the caller.
const REPORTS_PER_RING = 3;

/**
 * Topological checks on structurally valid rings: zero area, self-intersection, rings crossing each other,
 * winding, holes outside their exterior or inside another hole, polygons of a MultiPolygon overlapping.
 * Polygons with a structurally broken ring are skipped (their problems are already listed).
 */
export function checkTopology(area: ParsedArea, field: string, problems: ProblemList): void {
  const checked = area.polygons
    .map((rings, polygon) => ({ rings, polygon }))
    .filter(({ rings }) => rings.every((ring) => ring.valid));
  const states = checked.map(({ rings, polygon }) =>
    rings.map((ring): RingState => ({
      ring,
      polygon,
      degenerate: false,
      selfIntersecting: false,
      reported: 0,
    })),
  );
  for (const state of states.flat()) {
    if (isCollinear(state.ring.positions)) {
      state.degenerate = true;
      problems.add(state.ring.path, `${state.ring.label} has zero area`);
    }
  }
  const crossedPolygons = checkIntersections(states.flat(), problems);
  for (const state of states.flat()) checkWinding(state, problems);

  const sound = states.filter(
    (rings) =>
      !crossedPolygons.has(rings[0].polygon) && rings.every((s) => !s.degenerate && !s.selfIntersecting),
  );
  for (const rings of sound) checkHoles(rings, problems);
  if (area.type === 'MultiPolygon' && sound.length === states.length)
    checkPolygonOverlaps(states, field, problems);
}

function isCollinear(positions: readonly Position[]): boolean {
  const [a, b] = positions;
  return positions.every((p) => orientOf(a, b, p) === 0);
}

/** Returns the polygons in which two rings cross or overlap. */
function checkIntersections(states: RingState[], problems: ProblemList): Set<number> {
  const segments: OwnedSegment[] = [];
  for (const state of states) {
    if (state.degenerate) continue;
    const { positions } = state.ring;
    for (let i = 0; i + 1 < positions.length; i++) {
      segments.push({ ...segment(positions[i], positions[i + 1]), state, at: i });
    }
  }
  const crossed = new Set<number>();
  forEachCandidatePair(segments, (i, j) => {
    const [s, t] = segments[i].at <= segments[j].at ? [segments[i], segments[j]] : [segments[j], segments[i]];
    if (s.state === t.state) {
      const count = s.state.ring.positions.length - 1;
      const adjacent = t.at === s.at + 1 || (s.at === 0 && t.at === count - 1);
      const relation = adjacent ? foldBack(s, t, count) : segmentRelation(s.a, s.b, t.a, t.b);
      if (relation === 'disjoint') return true;
      s.state.selfIntersecting = true;
      if (s.state.reported++ < REPORTS_PER_RING) {
        const { ring } = s.state;
        const what = `${describeSegment(s)} ${verb(relation)} ${describeSegment(t)}`;
        problems.add(
          `${ring.path}[${ring.source[s.at]}]`,
          `${ring.label} intersects itself: ${what}${near(s, t, relation)}`,
        );
      }
    } else {
      const relation = segmentRelation(s.a, s.b, t.a, t.b);
      // Rings may touch at a point; crossing or sharing a stretch would split or overlap the area.
      if (relation !== 'cross' && relation !== 'overlap') return true;
      crossed.add(s.state.polygon).add(t.state.polygon);
      const [first, second] = s.state.ring.path < t.state.ring.path ? [s, t] : [t, s];
      const [ring, other] = [second.state.ring, first.state.ring];
      const segments = `${describeSegment(second)} and ${describeSegment(first)}`;
      const where = `${segments}${near(second, first, relation)}`;
      problems.add(
        `${ring.path}[${ring.source[second.at]}]`,
        `${ring.label} ${verb(relation)} ${other.label}: ${where}`,
      );
    }
    return !problems.full;
  });
  return crossed;
}

/** Adjacent segments share a vertex; they meet elsewhere only when the second folds back over the first. */
function foldBack(s: OwnedSegment, t: OwnedSegment, count: number): SegmentRelation {
  const wraps = s.at === 0 && t.at === count - 1 && count > 2;
  const [before, shared, after] = wraps ? [s.b, s.a, t.a] : [s.a, s.b, t.b];
  if (orientOf(before, shared, after) !== 0) return 'disjoint';
  const axis = before[0] !== shared[0] ? 0 : 1;
  return Math.sign(before[axis] - shared[axis]) === Math.sign(after[axis] - shared[axis])
    ? 'overlap'
    : 'disjoint';
}

function verb(relation: SegmentRelation): string {
  return relation === 'cross' ? 'crosses' : relation === 'overlap' ? 'overlaps' : 'touches';
}

function describeSegment(s: OwnedSegment): string {
  const { source, positions } = s.state.ring;
  const end = s.at + 1 === positions.length - 1 ? source[source.length - 1] : source[s.at + 1];
  return `segment ${source[s.at]}-${end}`;
}

function near(s: OwnedSegment, t: OwnedSegment, relation: SegmentRelation): string {
  let point: Position;
  if (relation === 'cross') point = crossingPoint(s.a, s.b, t.a, t.b);
  else point = [t.a, t.b, s.a, s.b].find((p) => onBoth(p, s, t)) ?? t.a;
  return ` near [${point[0].toFixed(7)}, ${point[1].toFixed(7)}]`;
}

function onBoth(p: Position, s: Segment, t: Segment): boolean {
  return onSegment(s.a, s.b, p) && onSegment(t.a, t.b, p);
}

function checkWinding(state: RingState, problems: ProblemList): void {
  if (state.degenerate || state.selfIntersecting) return;
  const sign = orientation(state.ring.positions);
  const { ring } = state;
  if (ring.index === 0 && sign < 0) {
    problems.add(ring.path, `${ring.label} has wrong winding: the exterior ring must be counterclockwise`);
  } else if (ring.index > 0 && sign > 0) {
    problems.add(ring.path, `${ring.label} has wrong winding: holes must be clockwise`);
  }
}

/**
 * Exact orientation of a simple ring: the turn at its lowest-leftmost vertex. That turn cannot be straight
 * without the ring folding back on itself, which the intersection check has already rejected.
 */
function orientation(positions: readonly Position[]): number {
  const n = positions.length - 1;
  let k = 0;
  for (let i = 1; i < n; i++) {
    const [x, y] = positions[i];
    if (x < positions[k][0] || (x === positions[k][0] && y < positions[k][1])) k = i;
  }
  const turn = orientOf(positions[(k + n - 1) % n], positions[k], positions[(k + 1) % n]);
  return turn !== 0 ? turn : Math.sign(ringArea(positions));
}

function checkHoles(states: RingState[], problems: ProblemList): void {
  const exterior = states[0].ring.positions;
  const holes = states.slice(1).map((s) => s.ring);
  for (const hole of holes) {
    if (!polygonsWithin([[hole.positions]], [[exterior]])) {
      problems.add(hole.path, `${hole.label} is a hole outside its exterior ring`);
    }
  }
  const boxes = holes.map((hole) => bbox(hole.positions));
  const prepared = new Map<ParsedRing, PreparedArea>();
  holes.forEach((hole, i) => {
    holes.forEach((other, j) => {
      const [box, otherBox] = [boxes[i], boxes[j]];
      if (
        i === j ||
        box[0] < otherBox[0] ||
        box[1] < otherBox[1] ||
        box[2] > otherBox[2] ||
        box[3] > otherBox[3]
      ) {
        return;
      }
      const area =
        prepared.get(other) ?? new PreparedArea({ type: 'Polygon', coordinates: [other.positions] });
      prepared.set(other, area);
      if (hole.positions.some(([x, y]) => area.locate(x, y) === 'inside')) {
        problems.add(hole.path, `${hole.label} is a hole inside another hole (${other.label})`);
      }
    });
  });
}

/** Polygons of a MultiPolygon may touch at points but must not overlap (RFC 7946 follows OGC here). */
function checkPolygonOverlaps(states: RingState[][], field: string, problems: ProblemList): void {
  const polygons = states.map((rings) => rings.map((s) => s.ring.positions));
  const boxes = polygons.map((rings) => bbox(rings[0]));
  const prepared = polygons.map((rings) => new PreparedArea({ type: 'Polygon', coordinates: rings }));
  const vertexInside = (from: number, into: number) =>
    polygons[from][0].some(([x, y]) => prepared[into].locate(x, y) === 'inside');
  for (let i = 0; i < polygons.length; i++) {
    for (let j = i + 1; j < polygons.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a[0] > b[2] || b[0] > a[2] || a[1] > b[3] || b[1] > a[3]) continue;
      if (
        vertexInside(i, j) ||
        vertexInside(j, i) ||
        polygonsWithin([polygons[i]], [polygons[j]]) ||
        polygonsWithin([polygons[j]], [polygons[i]])
      ) {
        const [first, second] = [states[i][0].polygon, states[j][0].polygon];
        problems.add(`${field}.coordinates[${second}]`, `polygon ${second} overlaps polygon ${first}`);
      }
    }
  }
}
