import { isWithin, validateWithinParent, type AreaGeometry } from '../../src/geometry/index.js';
import { polygon, ring, square } from './geometry-fixtures.js';

// A U: the notch x∈[1,2], y∈[1,3] is outside.
const u = polygon(ring('0 0, 3 0, 3 3, 2 3, 2 1, 1 1, 1 3, 0 3, 0 0'));
// A V-shaped notch above (2,2), between the lines y = x and y = 4 - x.
const v = polygon(ring('0 0, 4 0, 4 4, 2 2, 0 4, 0 0'));
const hole = ring('1 1, 1 2, 2 2, 2 1, 1 1');
const withHole = polygon(square(0, 0, 4), hole);

describe('isWithin', () => {
  it('accepts a child strictly inside, one sharing edges with the parent, and the parent itself', () => {
    expect(isWithin(polygon(square(0.5, 0.5, 1)), polygon(square(0, 0, 4)))).toBe(true);
    expect(isWithin(polygon(square(0, 0, 2)), polygon(square(0, 0, 4)))).toBe(true);
    expect(isWithin(polygon(square(0, 0, 4)), polygon(square(0, 0, 4)))).toBe(true);
  });

  it('accepts siblings sharing an edge, each within the parent but not within each other', () => {
    const [left, right] = [polygon(square(0, 0, 2)), polygon(square(2, 0, 2))];
    expect(isWithin(left, polygon(square(0, 0, 4)))).toBe(true);
    expect(isWithin(right, polygon(square(0, 0, 4)))).toBe(true);
    expect(isWithin(left, right)).toBe(false);
  });

  it('rejects a child partly outside, and one crossing the parent with every vertex inside', () => {
    expect(isWithin(polygon(square(3, 3, 2)), polygon(square(0, 0, 4)))).toBe(false);
    expect(isWithin(polygon(ring('0.5 2, 2.5 2, 2.5 2.5, 0.5 2.5, 0.5 2')), u)).toBe(false);
  });

  it('rejects a child whose edge spans a notch between two boundary points', () => {
    expect(isWithin(polygon(ring('2 1, 3 3, 1 3, 2 1')), v)).toBe(false);
    expect(isWithin(polygon(ring('2 1, 3 3, 2 2, 1 3, 2 1')), v)).toBe(true);
  });

  it('rejects a child filling a notch bounded by parent edges', () => {
    expect(isWithin(polygon(ring('3 3, 0 3, 1 1, 2 1, 3 3')), u)).toBe(false);
  });

  it('respects the parent’s holes', () => {
    expect(isWithin(polygon(square(1.2, 1.2, 0.5)), withHole)).toBe(false);
    expect(isWithin(polygon(square(0.5, 0.5, 2)), withHole)).toBe(false);
    expect(isWithin(polygon([...hole].reverse()), withHole)).toBe(false);
    expect(isWithin(polygon(square(2, 1, 1)), withHole)).toBe(true);
    expect(isWithin(polygon(square(0, 0, 4), hole), withHole)).toBe(true);
  });

  it('handles MultiPolygon parents and children', () => {
    const islands: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1)], [square(2, 0, 1)]],
    };
    expect(isWithin(polygon(square(2.2, 0.2, 0.5)), islands)).toBe(true);
    expect(isWithin(polygon(ring('0.5 0.2, 2.5 0.2, 2.5 0.8, 0.5 0.8, 0.5 0.2')), islands)).toBe(false);
    const pair: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 0.5)], [square(2.5, 0.5, 0.5)]],
    };
    expect(isWithin(pair, islands)).toBe(true);
  });
});

describe('validateWithinParent', () => {
  it('names the parent when the child lies outside it', () => {
    expect(validateWithinParent(polygon(square(3, 3, 2)), polygon(square(0, 0, 4)), '天河区')).toEqual([
      { field: 'polygon', message: 'lies outside its parent 天河区' },
    ]);
    expect(validateWithinParent(polygon(square(0, 0, 2)), polygon(square(0, 0, 4)), '天河区')).toEqual([]);
  });
});
