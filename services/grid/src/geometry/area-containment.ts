import { alongAxis, collinearDirection, onSegment, samePosition, within } from './exact-predicates.js';
import { bbox, ringArea } from './geo-distance.js';
import { polygonsOf, type AreaGeometry, type Position, type Ring } from './geojson.types.js';
import { locateMidpointInPolygons } from './point-in-polygon.js';
import { PreparedArea } from './prepared-area.js';
import {
  forEachCandidatePairBetween,
  ringSegments,
  segmentRelation,
  type Segment,
} from './segment-intersection.js';

/**
 * True when the child area lies inside the parent area, boundaries included (a grid may share edges with
 * its community). Both should be valid areas. Exact: every child vertex is inside or on the parent, no child
 * edge properly crosses a parent edge, and where the boundaries touch, the stretches between contact points
 * are tested on the correct side – which also catches a child edge spanning a notch of the parent, and a
 * child filling a hole of the parent.
 */
export function isWithin(child: AreaGeometry, parent: AreaGeometry): boolean {
  return polygonsWithin(polygonsOf(child), polygonsOf(parent));
}

/** isWithin on ring lists (exterior first, then holes). */
export function polygonsWithin(child: readonly Ring[][], parent: readonly Ring[][]): boolean {
  const childBox = bbox({ type: 'MultiPolygon', coordinates: child as Ring[][] });
  const parentBox = bbox({ type: 'MultiPolygon', coordinates: parent as Ring[][] });
  if (
    childBox[0] < parentBox[0] ||
    childBox[1] < parentBox[1] ||
    childBox[2] > parentBox[2] ||
    childBox[3] > parentBox[3]
  ) {
    return false;
  }
  const childPolygons = child.map(interiorOnLeft);
  const parentPolygons = parent.map(interiorOnLeft);

  const preparedParent = new PreparedArea({ type: 'MultiPolygon', coordinates: parentPolygons });
  for (const rings of childPolygons) {
    for (const ring of rings) {
      for (const [x, y] of ring) if (preparedParent.locate(x, y) === 'outside') return false;
    }
  }

  const childSegments = childPolygons.flat().flatMap(ringSegments);
  const parentSegments = parentPolygons.flat().flatMap(ringSegments);
  const childContacts = new Contacts();
  const parentContacts = new Contacts();
  let crossed = false;
  forEachCandidatePairBetween(childSegments, parentSegments, (c, p) => {
    const mine = childSegments[c];
    const theirs = parentSegments[p];
    const relation = segmentRelation(mine.a, mine.b, theirs.a, theirs.b);
    if (relation === 'disjoint') return true;
    // A shared stretch run in opposite directions has the child's interior on the parent's exterior side.
    if (
      relation === 'cross' ||
      (relation === 'overlap' && collinearDirection(mine.a, mine.b, theirs.a, theirs.b) < 0)
    ) {
      crossed = true;
      return false;
    }
    childContacts.record(c, mine, theirs, relation === 'overlap');
    parentContacts.record(p, theirs, mine, relation === 'overlap');
    return true;
  });
  if (crossed) return false;

  const outsideParent = (a: Position, b: Position) =>
    locateMidpointInPolygons(a, b, parentPolygons) === 'outside';
  if (childContacts.someStretch(childSegments, outsideParent)) return false;
  // The parent's boundary must not enter the child's interior (a parent hole inside the child, say).
  const preparedChild = new PreparedArea({ type: 'MultiPolygon', coordinates: childPolygons });
  for (const rings of parentPolygons) {
    for (const ring of rings) {
      for (const [x, y] of ring) if (preparedChild.locate(x, y) === 'inside') return false;
    }
  }
  const insideChild = (a: Position, b: Position) =>
    locateMidpointInPolygons(a, b, childPolygons) === 'inside';
  return !parentContacts.someStretch(parentSegments, insideChild);
}

/** RFC 7946 winding (exterior counterclockwise, holes clockwise) puts the interior left of every edge. */
function interiorOnLeft(rings: readonly Ring[]): Ring[] {
  return rings.map((ring, index) => {
    const counterclockwise = ringArea(ring) > 0;
    return counterclockwise === (index === 0) ? ring : [...ring].reverse();
  });
}

/** Where one boundary's segments meet the other's: extra split points and collinear shared stretches. */
class Contacts {
  private readonly splits = new Map<number, Position[]>();
  private readonly overlaps = new Map<number, Segment[]>();

  record(index: number, own: Segment, other: Segment, overlapping: boolean): void {
    const splits = this.splits.get(index) ?? [];
    for (const point of [other.a, other.b]) {
      if (!samePosition(point, own.a) && !samePosition(point, own.b) && onSegment(own.a, own.b, point)) {
        splits.push(point);
      }
    }
    this.splits.set(index, splits);
    if (overlapping) this.overlaps.set(index, [...(this.overlaps.get(index) ?? []), other]);
  }

  /**
   * Cuts each touched segment at its contact points; no stretch in between meets the other boundary, so
   * its midpoint decides on which side the whole stretch lies. Stretches along a shared edge are skipped.
   */
  someStretch(segments: readonly Segment[], test: (a: Position, b: Position) => boolean): boolean {
    for (const [index, splits] of this.splits) {
      const { a, b } = segments[index];
      const axis = alongAxis(a, b);
      const direction = Math.sign(b[axis] - a[axis]);
      const points = [a, ...splits.sort((p, q) => direction * (p[axis] - q[axis])), b];
      const shared = this.overlaps.get(index) ?? [];
      for (let i = 0; i + 1 < points.length; i++) {
        const [from, to] = [points[i], points[i + 1]];
        if (samePosition(from, to)) continue;
        if (shared.some((s) => inBox(s, from) && inBox(s, to))) continue;
        if (test(from, to)) return true;
      }
    }
    return false;
  }
}

function inBox(s: Segment, p: Position): boolean {
  return within(s.a[0], s.b[0], p[0]) && within(s.a[1], s.b[1], p[1]);
}
