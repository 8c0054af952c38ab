import RBush, { type RBushBox } from 'rbush';
import { alongAxis, orientOf, within } from './exact-predicates.js';
import type { Position } from './geojson.types.js';

/**
 * - `disjoint`: no common point;
 * - `touch`: exactly one common point, an endpoint of at least one segment;
 * - `cross`: one common point interior to both (a proper crossing);
 * - `overlap`: collinear with a common stretch of positive length.
 */
export type SegmentRelation = 'disjoint' | 'touch' | 'cross' | 'overlap';

/** Exact relation between the non-degenerate segments a–b and c–d. */
export function segmentRelation(a: Position, b: Position, c: Position, d: Position): SegmentRelation {
  const o1 = orientOf(a, b, c);
  const o2 = orientOf(a, b, d);
  if (o1 * o2 > 0) return 'disjoint';
  const o3 = orientOf(c, d, a);
  const o4 = orientOf(c, d, b);
  if (o3 * o4 > 0) return 'disjoint';
  if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return 'cross';
  if (o1 === 0 && o2 === 0) return collinearRelation(a, b, c, d);
  // One endpoint lies on the other segment's line: they meet only if it lies within that segment.
  const touches =
    (o1 === 0 && inBox(a, b, c)) ||
    (o2 === 0 && inBox(a, b, d)) ||
    (o3 === 0 && inBox(c, d, a)) ||
    (o4 === 0 && inBox(c, d, b));
  return touches ? 'touch' : 'disjoint';
}

function inBox(a: Position, b: Position, p: Position): boolean {
  return within(a[0], b[0], p[0]) && within(a[1], b[1], p[1]);
}

function collinearRelation(a: Position, b: Position, c: Position, d: Position): SegmentRelation {
  const axis = alongAxis(a, b);
  const start = Math.max(Math.min(a[axis], b[axis]), Math.min(c[axis], d[axis]));
  const end = Math.min(Math.max(a[axis], b[axis]), Math.max(c[axis], d[axis]));
  if (start < end) return 'overlap';
  return start === end ? 'touch' : 'disjoint';
}

/** The point where two properly crossing segments meet, rounded; for messages only. */
export function crossingPoint(a: Position, b: Position, c: Position, d: Position): Position {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / (rx * sy - ry * sx);
  return [a[0] + t * rx, a[1] + t * ry];
}

export interface Segment {
  readonly a: Position;
  readonly b: Position;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export function segment(a: Position, b: Position): Segment {
  return {
    a,
    b,
    minX: Math.min(a[0], b[0]),
    minY: Math.min(a[1], b[1]),
    maxX: Math.max(a[0], b[0]),
    maxY: Math.max(a[1], b[1]),
  };
}

/** Segments of closed rings (the closing position repeats the first, so n positions give n-1 segments). */
export function ringSegments(ring: readonly Position[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i + 1 < ring.length; i++) out.push(segment(ring[i], ring[i + 1]));
  return out;
}

// Small inputs: a sort-and-sweep on typed arrays. Large ones: an R-tree, which stays near n log n even for
// adversarial shapes (a comb of long teeth defeats a one-axis sweep).
const TREE_THRESHOLD = 512;

/** Calls visit(i, j), i < j, for every pair of segments whose boxes meet; visit returns false to stop. */
export function forEachCandidatePair(
  segments: readonly Segment[],
  visit: (i: number, j: number) => boolean | void,
): void {
  if (segments.length > TREE_THRESHOLD) {
    const tree = treeOf(segments);
    for (let i = 0; i < segments.length; i++) {
      for (const { index: j } of tree.search(segments[i])) {
        if (j > i && visit(i, j) === false) return;
      }
    }
    return;
  }
  const order = Array.from(segments, (_, i) => i).sort((i, j) => segments[i].minX - segments[j].minX);
  const [minX, minY, maxX, maxY] = [0, 1, 2, 3].map(() => new Float64Array(order.length));
  order.forEach((i, k) => {
    ({ minX: minX[k], minY: minY[k], maxX: maxX[k], maxY: maxY[k] } = segments[i]);
  });
  for (let k = 0; k < order.length; k++) {
    for (let m = k + 1; m < order.length && minX[m] <= maxX[k]; m++) {
      if (minY[m] > maxY[k] || maxY[m] < minY[k]) continue;
      const [i, j] = order[k] < order[m] ? [order[k], order[m]] : [order[m], order[k]];
      if (visit(i, j) === false) return;
    }
  }
}

/** Like forEachCandidatePair, for pairs with one segment from each list: visit(indexInLeft, indexInRight). */
export function forEachCandidatePairBetween(
  left: readonly Segment[],
  right: readonly Segment[],
  visit: (leftIndex: number, rightIndex: number) => boolean | void,
): void {
  if (left.length + right.length > TREE_THRESHOLD) {
    const tree = treeOf(right);
    for (let i = 0; i < left.length; i++) {
      for (const { index: j } of tree.search(left[i])) if (visit(i, j) === false) return;
    }
    return;
  }
  forEachCandidatePair([...left, ...right], (i, j) => {
    if (i < left.length === j < left.length) return true;
    return visit(i, j - left.length);
  });
}

function treeOf(segments: readonly Segment[]): RBush<RBushBox & { index: number }> {
  const tree = new RBush<RBushBox & { index: number }>();
  tree.load(segments.map(({ minX, minY, maxX, maxY }, index) => ({ minX, minY, maxX, maxY, index })));
  return tree;
}
