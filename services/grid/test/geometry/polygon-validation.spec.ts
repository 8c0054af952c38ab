import { DomainError } from '@yiwang/platform';
import {
  assertValidArea,
  validateAreaGeometry,
  type GeometryProblem,
  type Position,
} from '../../src/geometry/index.js';
import { polygon, ring, square, star } from './geometry-fixtures.js';

function problemsOf(input: unknown): GeometryProblem[] {
  const result = validateAreaGeometry(input);
  expect(result.geometry).toBeUndefined();
  return result.problems;
}

const exterior = square(113.25, 23.1, 0.02);
const hole = ring('113.255 23.105, 113.255 23.11, 113.26 23.11, 113.26 23.105, 113.255 23.105');

describe('validateAreaGeometry', () => {
  it('accepts a polygon with a hole and returns it', () => {
    expect(validateAreaGeometry(polygon(exterior, hole))).toEqual({
      geometry: polygon(exterior, hole),
      problems: [],
    });
  });

  it('accepts a MultiPolygon whose parts touch at a corner', () => {
    const input = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(1, 1, 1)]] };
    expect(validateAreaGeometry(input).problems).toEqual([]);
  });

  it('drops altitude and repeated consecutive positions', () => {
    const withAltitude = [...ring('0 0, 1 0, 1 0, 1 1, 0 1, 0 0')].map(([x, y]) => [x, y, 5]);
    expect(validateAreaGeometry({ type: 'Polygon', coordinates: [withAltitude] }).geometry).toEqual(
      polygon(square(0, 0, 1)),
    );
  });

  it('rejects a ring that is not closed, naming its last position', () => {
    expect(problemsOf(polygon(square(0, 0, 1).slice(0, 4)))).toEqual([
      { field: 'polygon.coordinates[0][3]', message: expect.stringMatching(/ring 0 is not closed/) },
    ]);
  });

  it('rejects a bow-tie ring as self-intersecting', () => {
    expect(problemsOf(polygon(ring('0 0, 1 1, 1 0, 0 1, 0 0')))).toEqual([
      {
        field: 'polygon.coordinates[0][0]',
        message: expect.stringMatching(
          /ring 0 intersects itself: segment 0-1 crosses segment 2-3 near \[0\.5/,
        ),
      },
    ]);
  });

  it('rejects a ring that folds back over itself or touches itself at a vertex', () => {
    expect(problemsOf(polygon(ring('0 0, 2 0, 2 2, 2 1, 0 2, 0 0')))).toContainEqual({
      field: 'polygon.coordinates[0][1]',
      message: expect.stringMatching(/intersects itself: segment 1-2 overlaps segment 2-3/),
    });
    const figureEight = ring('0 0, 1 0, 1 1, 2 1, 2 2, 1 2, 1 1, 0 1, 0 0');
    expect(problemsOf(polygon(figureEight))[0].message).toMatch(/intersects itself.*touches/);
  });

  it('rejects a clockwise exterior ring and a counterclockwise hole for wrong winding', () => {
    expect(problemsOf(polygon([...exterior].reverse()))).toEqual([
      { field: 'polygon.coordinates[0]', message: expect.stringMatching(/ring 0 has wrong winding/) },
    ]);
    expect(problemsOf(polygon(exterior, [...hole].reverse()))).toEqual([
      { field: 'polygon.coordinates[1]', message: expect.stringMatching(/ring 1 has wrong winding/) },
    ]);
  });

  it('rejects a hole crossing the exterior ring, and a hole outside it', () => {
    const crossing = ring('0.5 0.5, 0.5 1.5, 0.8 1.5, 0.8 0.5, 0.5 0.5');
    expect(problemsOf(polygon(square(0, 0, 1), crossing))[0]).toEqual({
      field: 'polygon.coordinates[1][0]',
      message: expect.stringMatching(/ring 1 crosses ring 0/),
    });
    const outside = crossing.map(([x, y]): Position => [x + 2, y]);
    expect(problemsOf(polygon(square(0, 0, 1), outside))).toEqual([
      { field: 'polygon.coordinates[1]', message: expect.stringMatching(/hole outside its exterior ring/) },
    ]);
  });

  it('rejects a hole inside another hole and a hole sharing a stretch of the exterior', () => {
    const outer = ring('0.2 0.2, 0.2 0.6, 0.6 0.6, 0.6 0.2, 0.2 0.2');
    const inner = ring('0.3 0.3, 0.3 0.4, 0.4 0.4, 0.4 0.3, 0.3 0.3');
    expect(problemsOf(polygon(square(0, 0, 1), outer, inner))).toEqual([
      { field: 'polygon.coordinates[2]', message: expect.stringMatching(/inside another hole/) },
    ]);
    const alongEdge = ring('0.2 0, 0.2 0.5, 0.6 0.5, 0.6 0, 0.2 0');
    expect(problemsOf(polygon(square(0, 0, 1), alongEdge))[0].message).toMatch(/ring 1 overlaps ring 0/);
  });

  it('rejects a ring of 3 positions and a ring of zero area', () => {
    expect(problemsOf(polygon(ring('0 0, 1 0, 0 0')))).toEqual([
      {
        field: 'polygon.coordinates[0]',
        message: expect.stringMatching(/ring 0 has 3 positions; a ring needs at least 4/),
      },
    ]);
    expect(problemsOf(polygon(ring('0 0, 1 0, 2 0, 0 0')))).toContainEqual({
      field: 'polygon.coordinates[0]',
      message: 'ring 0 has zero area',
    });
  });

  it('rejects NaN, non-numbers and out-of-range coordinates, naming each position', () => {
    const bad = [
      [0, 0],
      [NaN, 0],
      [200, 1],
      [0, -91],
      ['1', 1],
      [0, 0],
    ];
    expect(problemsOf({ type: 'Polygon', coordinates: [bad] })).toEqual([
      { field: 'polygon.coordinates[0][1]', message: 'longitude NaN is not a finite number' },
      { field: 'polygon.coordinates[0][2]', message: 'longitude 200 is outside [-180, 180]' },
      { field: 'polygon.coordinates[0][3]', message: 'latitude -91 is outside [-90, 90]' },
      { field: 'polygon.coordinates[0][4]', message: 'longitude "1" is not a finite number' },
    ]);
    const infinite = [
      [0, 0],
      [Infinity, 0],
      [1, 1],
      [0, 0],
    ];
    expect(problemsOf({ type: 'Polygon', coordinates: [infinite] })[0].field).toBe(
      'polygon.coordinates[0][1]',
    );
  });

  it.each([42, null, 'POLYGON((0 0,1 0,1 1,0 0))', [], undefined])('rejects the non-object %p', (input) => {
    expect(problemsOf(input)).toEqual([
      { field: 'polygon', message: 'must be a GeoJSON Polygon or MultiPolygon object' },
    ]);
  });

  it('rejects other geometry types and badly nested coordinates', () => {
    expect(problemsOf({ type: 'Point', coordinates: [0, 0] })).toEqual([
      { field: 'polygon.type', message: 'must be "Polygon" or "MultiPolygon", got "Point"' },
    ]);
    expect(problemsOf({ type: 'Polygon', coordinates: square(0, 0, 1) })[0].field).toBe(
      'polygon.coordinates[0][0]',
    );
    expect(problemsOf({ type: 'Polygon' })).toEqual([
      { field: 'polygon.coordinates', message: 'must be an array of rings' },
    ]);
    expect(problemsOf({ type: 'MultiPolygon', coordinates: [] })[0].message).toMatch(/at least one polygon/);
  });

  it('uses MultiPolygon paths and rejects overlapping parts', () => {
    const open = square(5, 5, 1).slice(0, 4);
    expect(problemsOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [open]] })).toEqual([
      {
        field: 'polygon.coordinates[1][0][3]',
        message: expect.stringMatching(/polygon 1 ring 0 is not closed/),
      },
    ]);
    const overlapping = { type: 'MultiPolygon', coordinates: [[square(0, 0, 2)], [square(0.5, 0.5, 1)]] };
    expect(problemsOf(overlapping)).toEqual([
      { field: 'polygon.coordinates[1]', message: 'polygon 1 overlaps polygon 0' },
    ]);
  });

  it('checks large rings: a 4,000-position star is valid until two of its tips swap places', () => {
    const big = star(113.3, 23.1, 0.05, 2000);
    const hole = star(113.3, 23.1, 0.01, 500, true);
    expect(validateAreaGeometry(polygon(big, hole)).problems).toEqual([]);
    [big[1000], big[1002]] = [big[1002], big[1000]];
    const problems = problemsOf(polygon(big, hole));
    expect(problems).toContainEqual({
      field: 'polygon.coordinates[0][999]',
      message: expect.stringMatching(
        /^ring 0 intersects itself: segment 999-1000 crosses segment 1002-1003 near/,
      ),
    });
    expect(problems.every((p) => /^polygon\.coordinates\[0\]\[(999|1000|1001)\]$/.test(p.field))).toBe(true);
  });

  it('prefixes problems with the caller’s field name', () => {
    const { problems } = validateAreaGeometry(polygon(ring('0 0')), 'body.boundary');
    expect(problems[0].field).toBe('body.boundary.coordinates[0]');
  });
});

describe('assertValidArea', () => {
  it('returns the geometry when valid', () => {
    expect(assertValidArea(polygon(exterior))).toEqual(polygon(exterior));
  });

  it('throws DomainError registry.invalid_polygon carrying every problem', () => {
    let thrown: unknown;
    try {
      assertValidArea(polygon(exterior, ring('0 0, 1 0')));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error).toMatchObject({ kind: 'invalid', code: 'registry.invalid_polygon' });
    expect(error.details).toEqual([
      { field: 'polygon.coordinates[1]', message: expect.stringMatching(/ring 1 has 2 positions/) },
      { field: 'polygon.coordinates[1][1]', message: expect.stringMatching(/ring 1 is not closed/) },
    ]);
  });
});
