import { orient } from './exact-predicates.js';
import { polygonsOf, type AreaGeometry, type Position } from './geojson.types.js';
import type { PointLocation } from './point-in-polygon.js';

interface PreparedRing {
  /** x0, y0, x1, y1, … of the closed ring. */
  readonly coords: Float64Array;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly bandCount: number;
  readonly bandHeight: number;
  /** Edges overlapping band b are bandEdges[bandStart[b] .. bandStart[b + 1]). */
  readonly bandStart: Int32Array;
  readonly bandEdges: Int32Array;
}

// Below this many edges a plain scan beats the band lookup.
const MIN_EDGES_FOR_BANDS = 16;
const EDGES_PER_BAND = 4;
const MAX_BANDS = 4096;

/**
 * An area preprocessed for repeated point tests: coordinates in flat typed arrays and, for rings with many
 * vertices, edges bucketed into horizontal bands so a test only visits edges near the point's latitude.
 * Answers exactly as locateInArea / pointInArea (boundary counts as inside), at a fraction of the cost for
 * surveyed boundaries with hundreds of vertices. Does not keep a reference to the geometry.
 */
export class PreparedArea {
  private readonly polygons: PreparedRing[][];

  constructor(geometry: AreaGeometry) {
    this.polygons = polygonsOf(geometry).map((rings) => rings.map(prepareRing));
  }

  locate(lng: number, lat: number): PointLocation {
    for (const rings of this.polygons) {
      if (rings.length === 0) continue;
      const outer = locateInPrepared(rings[0], lng, lat);
      if (outer === 'boundary') return outer;
      if (outer === 'outside') continue;
      let inHole = false;
      for (let h = 1; h < rings.length && !inHole; h++) {
        const hole = locateInPrepared(rings[h], lng, lat);
        if (hole === 'boundary') return hole;
        inHole = hole === 'inside';
      }
      if (!inHole) return 'inside';
    }
    return 'outside';
  }

  /** Inside or on the boundary. */
  contains(lng: number, lat: number): boolean {
    return Number.isFinite(lng) && Number.isFinite(lat) && this.locate(lng, lat) !== 'outside';
  }
}

function prepareRing(ring: readonly Position[]): PreparedRing {
  const coords = new Float64Array(ring.length * 2);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  ring.forEach(([x, y], i) => {
    coords[2 * i] = x;
    coords[2 * i + 1] = y;
    [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  });
  const edges = Math.max(0, ring.length - 1);
  const wanted = edges < MIN_EDGES_FOR_BANDS ? 1 : Math.min(MAX_BANDS, Math.ceil(edges / EDGES_PER_BAND));
  const bandHeight = (maxY - minY) / wanted;
  const bandCount = bandHeight > 0 ? wanted : 1;
  const prepared = { coords, minX, minY, maxX, maxY, bandCount, bandHeight };
  const bandStart = new Int32Array(bandCount + 1);
  for (let e = 0; e < edges; e++) {
    const [low, high] = edgeBands(prepared, e);
    for (let b = low; b <= high; b++) bandStart[b + 1]++;
  }
  for (let b = 0; b < bandCount; b++) bandStart[b + 1] += bandStart[b];
  const bandEdges = new Int32Array(bandStart[bandCount]);
  const fill = bandStart.slice(0, bandCount);
  for (let e = 0; e < edges; e++) {
    const [low, high] = edgeBands(prepared, e);
    for (let b = low; b <= high; b++) bandEdges[fill[b]++] = e;
  }
  return { ...prepared, bandStart, bandEdges };
}

type RingFrame = Pick<PreparedRing, 'coords' | 'minY' | 'bandCount' | 'bandHeight'>;

/**
 * Band of a latitude. Monotone in y (subtracting a constant and dividing by a positive one preserve order
 * under rounding), so an edge spanning y is always filed under y's band: the bucketing never loses an edge.
 */
function bandOf(ring: RingFrame, y: number): number {
  if (ring.bandCount === 1) return 0;
  return Math.max(0, Math.min(ring.bandCount - 1, Math.floor((y - ring.minY) / ring.bandHeight)));
}

function edgeBands(ring: RingFrame, edge: number): [number, number] {
  const y0 = ring.coords[2 * edge + 1];
  const y1 = ring.coords[2 * edge + 3];
  return [bandOf(ring, Math.min(y0, y1)), bandOf(ring, Math.max(y0, y1))];
}

/** locateInRing over one band's edges; see point-in-polygon.ts for the rules. */
function locateInPrepared(ring: PreparedRing, x: number, y: number): PointLocation {
  if (y < ring.minY || y > ring.maxY || x < ring.minX || x > ring.maxX) return 'outside';
  const { coords, bandEdges } = ring;
  const band = bandOf(ring, y);
  let winding = 0;
  for (let k = ring.bandStart[band], end = ring.bandStart[band + 1]; k < end; k++) {
    const i = 2 * bandEdges[k];
    const px = coords[i];
    const py = coords[i + 1];
    const qx = coords[i + 2];
    const qy = coords[i + 3];
    if ((y < py && y < qy) || (y > py && y > qy)) continue;
    const side = orient(px, py, qx, qy, x, y);
    if (side === 0 && (px <= qx ? px <= x && x <= qx : qx <= x && x <= px)) return 'boundary';
    if (py <= y && y < qy && side > 0) winding++;
    else if (qy <= y && y < py && side < 0) winding--;
  }
  return winding === 0 ? 'outside' : 'inside';
}
