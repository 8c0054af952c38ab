import type { Position } from './geojson.types.js';

/**
 * Exact geometric predicates on doubles. A floating-point filter (Shewchuk's first-stage error bound) answers
 * almost every call; only near-degenerate cases fall back to exact BigInt arithmetic, so a point on an edge
 * is classified as on it, never "just inside" or "just outside".
 */

const EPSILON = 2 ** -53;
const ORIENT_ERROR_BOUND = (3 + 16 * EPSILON) * EPSILON;
// Below this the relative bound could be broken by underflow, so such cases go exact.
const UNDERFLOW_GUARD = 1e-290;

/**
 * Sign of the turn a → b → c: 1 counterclockwise (c left of a→b), -1 clockwise, 0 collinear.
 * Exact for all finite inputs.
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detLeft = (ax - cx) * (by - cy);
  const detRight = (ay - cy) * (bx - cx);
  const det = detLeft - detRight;
  const detSum = Math.abs(detLeft) + Math.abs(detRight);
  if (Math.abs(det) > ORIENT_ERROR_BOUND * detSum && detSum > UNDERFLOW_GUARD) return det > 0 ? 1 : -1;
  return exactOrient(ax, ay, bx, by, cx, cy);
}

/** orient() on positions. */
export function orientOf(a: Position, b: Position, c: Position): number {
  return orient(a[0], a[1], b[0], b[1], c[0], c[1]);
}

function exactOrient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const [eax, eay, ebx, eby, ecx, ecy] = exactIntegers([ax, ay, bx, by, cx, cy]);
  return bigSign((eax - ecx) * (eby - ecy) - (eay - ecy) * (ebx - ecx));
}

export function bigSign(value: bigint): number {
  return value > 0n ? 1 : value < 0n ? -1 : 0;
}

const scratch = new DataView(new ArrayBuffer(8));

/** x = mantissa · 2^exponent exactly. */
function decompose(x: number): [mantissa: bigint, exponent: number] {
  if (x === 0) return [0n, 0];
  scratch.setFloat64(0, x);
  const high = scratch.getUint32(0);
  const low = scratch.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return [x < 0 ? -mantissa : mantissa, exponent];
}

/**
 * The finite doubles as integers sharing one power-of-two scale, so sums, differences and products of them
 * (and sign tests on those) are exact.
 */
export function exactIntegers(values: readonly number[]): bigint[] {
  const parts = values.map(decompose);
  let minExponent = Infinity;
  for (const [mantissa, exponent] of parts)
    if (mantissa !== 0n && exponent < minExponent) minExponent = exponent;
  return parts.map(([mantissa, exponent]) =>
    mantissa === 0n ? 0n : mantissa << BigInt(exponent - minExponent),
  );
}

/** True when c lies on the closed segment a–b. */
export function onSegment(a: Position, b: Position, c: Position): boolean {
  return within(a[0], b[0], c[0]) && within(a[1], b[1], c[1]) && orientOf(a, b, c) === 0;
}

/** u between v and w (inclusive), in either order. */
export function within(v: number, w: number, u: number): boolean {
  return v <= w ? v <= u && u <= w : w <= u && u <= v;
}

export function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/**
 * Coordinate of c along the line through a and b for collinear points, on the axis where the segment is
 * longer-than-zero; comparisons of these values order collinear points exactly.
 */
export function alongAxis(a: Position, b: Position): 0 | 1 {
  return a[0] !== b[0] ? 0 : 1;
}

/** For collinear segments a→b and c→d: 1 same direction, -1 opposite. */
export function collinearDirection(a: Position, b: Position, c: Position, d: Position): number {
  const axis = alongAxis(a, b);
  const first = Math.sign(b[axis] - a[axis]);
  const second = Math.sign(d[axis] - c[axis]);
  return first === second ? 1 : -1;
}
