import {
  locateInArea,
  locateInRing,
  mulberry32,
  orient,
  pointInArea,
  PreparedArea,
  type AreaGeometry,
  type Position,
} from '../../src/geometry/index.js';
import { polygon, ring, star } from './geometry-fixtures.js';

const exterior = ring('113.25 23.1, 113.27 23.1, 113.27 23.12, 113.25 23.12, 113.25 23.1');
const hole = ring('113.255 23.105, 113.255 23.11, 113.26 23.11, 113.26 23.105, 113.255 23.105');
const withHole = polygon(exterior, hole);
// Dyadic coordinates, so the edge's midpoint is exactly representable and exactly on the edge.
const triangle = polygon(ring('113.125 23.125, 113.375 23.875, 113 23.875, 113.125 23.125'));
const ULP = 2 ** -46; // spacing of doubles between 64 and 128

describe('pointInArea', () => {
  it.each([
    ['inside', 113.252, 23.118, true],
    ['outside, east', 113.28, 23.11, false],
    ['outside, on the extension of an edge', 113.28, 23.1, false],
    ['on an exterior edge', 113.26, 23.1, true],
    ['on an exterior vertex', 113.27, 23.12, true],
    ['in the hole', 113.257, 23.107, false],
    ['on the hole’s edge', 113.255, 23.107, true],
    ['on the hole’s vertex', 113.26, 23.11, true],
  ])('%s', (_, lng, lat, expected) => {
    expect(pointInArea(lng, lat, withHole)).toBe(expected);
  });

  it('is exact on a slanted edge: the edge point is inside, one ulp outwards is not', () => {
    expect(pointInArea(113.25, 23.5, triangle)).toBe(true);
    expect(pointInArea(113.25 + ULP, 23.5, triangle)).toBe(false);
    expect(pointInArea(113.25 - ULP, 23.5, triangle)).toBe(true);
  });

  it('answers false for non-finite input', () => {
    expect(pointInArea(NaN, 23.11, withHole)).toBe(false);
  });

  it('handles MultiPolygons', () => {
    const multi: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [[hole.slice().reverse()], [exterior, hole]],
    };
    expect(pointInArea(113.257, 23.107, multi)).toBe(true);
    expect(pointInArea(113.252, 23.118, multi)).toBe(true);
    expect(pointInArea(113.3, 23.118, multi)).toBe(false);
  });

  it('locateInRing tells boundary from inside for either orientation', () => {
    expect(locateInRing(113.26, 23.1, exterior)).toBe('boundary');
    expect(locateInRing(113.26, 23.11, exterior)).toBe('inside');
    expect(locateInRing(113.26, 23.11, [...exterior].reverse())).toBe('inside');
    expect(locateInRing(113.3, 23.11, exterior)).toBe('outside');
  });
});

describe('orient', () => {
  it('is exact where a naive cross product rounds wrongly', () => {
    // Points 0.5 + k·2^-53 against the diagonal y = x: the true sign is sign(j - i).
    const step = 2 ** -53;
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        expect(orient(12, 12, 24, 24, 0.5 + i * step, 0.5 + j * step)).toBe(Math.sign(j - i));
      }
    }
  });
});

describe('PreparedArea', () => {
  /** A staircase of 1/256° steps (dyadic, so edge midpoints are exact) with a star-shaped hole. */
  function staircase(): AreaGeometry {
    const unit = 1 / 256;
    const at = (x: number, y: number): Position => [113.25 + x * unit, 23.05 + y * unit];
    const outer: Position[] = [at(0, 0), at(32, 0)];
    for (let k = 0; k < 32; k++) outer.push(at(32 - k, k + 1), at(31 - k, k + 1));
    outer.push(at(0, 0));
    return polygon(outer, star(113.25 + 8 * unit, 23.05 + 8 * unit, 4 * unit, 40, true));
  }

  it('answers exactly like locateInArea on random points, vertices and edge midpoints', () => {
    const geometry = staircase();
    const prepared = new PreparedArea(geometry);
    const rings = geometry.type === 'Polygon' ? geometry.coordinates : [];
    const probes: Position[] = rings.flat();
    for (const ring of rings) {
      ring.slice(1).forEach((b, i) => probes.push([(ring[i][0] + b[0]) / 2, (ring[i][1] + b[1]) / 2]));
    }
    const random = mulberry32(11);
    for (let n = 0; n < 20_000; n++) probes.push([113.24 + random() * 0.16, 23.04 + random() * 0.16]);
    const locations = { inside: 0, boundary: 0, outside: 0 };
    for (const [lng, lat] of probes) {
      const expected = locateInArea(lng, lat, geometry);
      expect(prepared.locate(lng, lat)).toBe(expected);
      locations[expected]++;
    }
    expect(locations.boundary).toBeGreaterThanOrEqual(rings[0].length * 2 - 1);
    expect(locations.inside).toBeGreaterThan(1000);
    expect(locations.outside).toBeGreaterThan(1000);
  });
});
