import { EARTH_RADIUS_METERS } from '../geometry/index.js';

// Local bindings of Math's functions: a module binding is found at once, a global property is looked up
// on every call (markedly slower in vm contexts such as Jest's, and no faster anywhere).
const { abs, asin, cos, floor, max, min, sin, sqrt } = Math;
const RADIANS = Math.PI / 180;
/** Metres per degree of latitude (and of longitude at the equator) on the mean sphere. */
const METERS_PER_DEGREE = EARTH_RADIUS_METERS * RADIANS;
/** Slack on cell sizes and distance bounds, so rounding can never hide a site. */
const SLACK = 1.001;
/** Sites per cell the nearest-site grid aims at. */
const SITES_PER_CELL = 2;
/** Beyond this many rings (points far from every site, or sites in one clump) a plain scan is cheaper. */
const MAX_RINGS = 24;

/**
 * Sites bucketed in a lat/lng grid. Cells are `cellMeters` tall and at least that wide at every latitude
 * up to `maxAbsLat` (a degree of longitude is shortest at the highest latitude), so a site in a cell k
 * rings away from a point's cell is more than (k − 1) · cellMeters from the point.
 */
class CellGrid {
  readonly cellLat: number;
  readonly cellLng: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly maxX: number;
  private readonly maxY: number;
  private readonly cells = new Map<number, number[]>();

  constructor(
    lats: Float64Array,
    lngs: Float64Array,
    cellMeters: number,
    private readonly maxAbsLat: number,
  ) {
    this.cellLat = (cellMeters / METERS_PER_DEGREE) * SLACK;
    this.cellLng = this.cellLat / cos(min(89, maxAbsLat) * RADIANS);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < lats.length; i++) {
      const x = floor(lngs[i] / this.cellLng);
      const y = floor(lats[i] / this.cellLat);
      [minX, minY, maxX, maxY] = [min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)];
    }
    [this.minX, this.minY, this.maxX, this.maxY] = [minX, minY, maxX, maxY];
    for (let i = 0; i < lats.length; i++) {
      const key = this.key(floor(lngs[i] / this.cellLng), floor(lats[i] / this.cellLat))!;
      const bucket = this.cells.get(key);
      if (bucket) bucket.push(i);
      else this.cells.set(key, [i]);
    }
  }

  /** Sites of one cell (x, y), or undefined. */
  at(x: number, y: number): number[] | undefined {
    const key = this.key(x, y);
    return key === null ? undefined : this.cells.get(key);
  }

  /** How many rings around (x, y) it takes to reach every occupied cell. */
  ringsToCover(x: number, y: number): number {
    return max(x - this.minX, this.maxX - x, y - this.minY, this.maxY - y);
  }

  /**
   * A lower bound on the distance from a point at `lat` in cell row/column k rings out: the nearer edge
   * of such a cell is at least (k − 1) cells away along one axis.
   */
  ringGapMeters(k: number, lat: number): number {
    const widest = max(this.maxAbsLat, abs(lat));
    const lngMeters = this.cellLng * METERS_PER_DEGREE * cos(min(89.9, widest) * RADIANS);
    return (max(0, k - 1) * min(this.cellLat * METERS_PER_DEGREE, lngMeters)) / SLACK;
  }

  /** Cells relative to the occupied range: small integers, so the Map hashes them cheaply. */
  private key(x: number, y: number): number | null {
    if (x < this.minX || x > this.maxX || y < this.minY || y > this.maxY) return null;
    return (x - this.minX) * (this.maxY - this.minY + 1) + (y - this.minY);
  }
}

/**
 * Service sites in two lat/lng grids. One has cells at least `radiusMeters` across: every site within
 * the radius of a point lies in the point's cell or one of its eight neighbours. The other is sized to
 * the sites' density (about two sites a cell) for the nearest site at any distance, searched ring by
 * ring outwards. Distances are great-circle metres by the haversine formula, computed exactly as
 * geometry's haversineMeters does (same operations, same result) but without allocating per call: the
 * hot loops run a few hundred thousand times per request.
 */
export class SiteGridIndex {
  private readonly lats: Float64Array;
  private readonly lngs: Float64Array;
  private readonly cosLats: Float64Array;
  private readonly circle: CellGrid;
  private readonly coarse: CellGrid;
  // The running best of nearest(), kept in fields so the ring scan allocates nothing.
  private bestIndex = -1;
  private bestMeters = Infinity;

  constructor(
    sites: readonly { lat: number; lng: number }[],
    private readonly radiusMeters: number,
  ) {
    const n = sites.length;
    this.lats = Float64Array.from(sites, (s) => s.lat);
    this.lngs = Float64Array.from(sites, (s) => s.lng);
    this.cosLats = this.lats.map((lat) => cos(lat * RADIANS));
    let [south, north, west, east] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      [south, north] = [min(south, this.lats[i]), max(north, this.lats[i])];
      [west, east] = [min(west, this.lngs[i]), max(east, this.lngs[i])];
    }
    const maxAbsLat = n === 0 ? 0 : max(abs(south), abs(north));
    // A point within the radius of a site is at most a radius further from the equator than the site.
    const reach = maxAbsLat + radiusMeters / METERS_PER_DEGREE;
    this.circle = new CellGrid(this.lats, this.lngs, radiusMeters, reach);
    const heightMeters = max(1, (north - south) * METERS_PER_DEGREE);
    const widthMeters = max(1, (east - west) * METERS_PER_DEGREE * cos(min(89, maxAbsLat) * RADIANS));
    const densityMeters = sqrt((heightMeters * widthMeters * SITES_PER_CELL) / max(n, 1));
    this.coarse = new CellGrid(this.lats, this.lngs, max(radiusMeters, densityMeters), maxAbsLat);
  }

  get size(): number {
    return this.lats.length;
  }

  /** Haversine metres from a point (with its latitude's cosine) to site i. */
  meters(lat: number, lng: number, cosLat: number, i: number): number {
    const dLat = (this.lats[i] - lat) * RADIANS;
    const dLng = (this.lngs[i] - lng) * RADIANS;
    const h = sin(dLat / 2) ** 2 + cosLat * this.cosLats[i] * sin(dLng / 2) ** 2;
    return 2 * EARTH_RADIUS_METERS * asin(min(1, sqrt(h)));
  }

  /** Whether some site lies within the radius of the point (the edge counts as inside). */
  anyWithin(lat: number, lng: number): boolean {
    const grid = this.circle;
    const cx = floor(lng / grid.cellLng);
    const cy = floor(lat / grid.cellLat);
    const cosLat = cos(lat * RADIANS);
    for (let x = cx - 1; x <= cx + 1; x++) {
      for (let y = cy - 1; y <= cy + 1; y++) {
        const bucket = grid.at(x, y);
        if (bucket === undefined) continue;
        for (let j = 0; j < bucket.length; j++) {
          if (this.meters(lat, lng, cosLat, bucket[j]) <= this.radiusMeters) return true;
        }
      }
    }
    return false;
  }

  /**
   * The nearest site at any distance, or null without sites: rings of the density grid outwards from
   * the point's cell until no unvisited cell can hold anything nearer than the best found (a plain scan
   * once that takes more than MAX_RINGS rings). Ties go to the site listed first.
   */
  nearest(lat: number, lng: number): { index: number; meters: number } | null {
    if (this.lats.length === 0) return null;
    const grid = this.coarse;
    const cx = floor(lng / grid.cellLng);
    const cy = floor(lat / grid.cellLat);
    const cosLat = cos(lat * RADIANS);
    const last = grid.ringsToCover(cx, cy);
    this.bestIndex = -1;
    this.bestMeters = Infinity;
    let done = false;
    for (let k = 0; k <= min(last, MAX_RINGS) && !done; k++) {
      // Everything from ring k on is at least ringGap(k) away: stop when the best is nearer.
      if (this.bestMeters < grid.ringGapMeters(k, lat)) {
        done = true;
      } else if (k === 0) {
        this.scan(grid.at(cx, cy), lat, lng, cosLat);
      } else {
        for (let x = cx - k; x <= cx + k; x++) {
          this.scan(grid.at(x, cy - k), lat, lng, cosLat);
          this.scan(grid.at(x, cy + k), lat, lng, cosLat);
        }
        for (let y = cy - k + 1; y <= cy + k - 1; y++) {
          this.scan(grid.at(cx - k, y), lat, lng, cosLat);
          this.scan(grid.at(cx + k, y), lat, lng, cosLat);
        }
      }
    }
    if (!done && last > MAX_RINGS) {
      for (let i = 0; i < this.lats.length; i++) this.consider(i, this.meters(lat, lng, cosLat, i));
    }
    return { index: this.bestIndex, meters: this.bestMeters };
  }

  private scan(bucket: number[] | undefined, lat: number, lng: number, cosLat: number): void {
    if (bucket === undefined) return;
    for (let j = 0; j < bucket.length; j++)
      this.consider(bucket[j], this.meters(lat, lng, cosLat, bucket[j]));
  }

  private consider(i: number, meters: number): void {
    if (meters < this.bestMeters || (meters === this.bestMeters && i < this.bestIndex)) {
      this.bestIndex = i;
      this.bestMeters = meters;
    }
  }
}
