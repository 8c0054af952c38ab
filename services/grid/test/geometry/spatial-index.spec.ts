import { AreaIndex, mulberry32, type AreaEntry, type Ring } from '../../src/geometry/index.js';
import { polygon, square as squareRing } from './geometry-fixtures.js';

const SIDE = 100;
const ORIGIN = [113.2, 23.1] as const;
const STEP = 0.001;
// Each grid line is computed once, so neighbouring squares share edges bit for bit.
const xs = Array.from({ length: SIDE + 1 }, (_, i) => ORIGIN[0] + i * STEP);
const ys = Array.from({ length: SIDE + 1 }, (_, j) => ORIGIN[1] + j * STEP);

function keyOf(row: number, col: number): string {
  return `g-${String(row).padStart(3, '0')}-${String(col).padStart(3, '0')}`;
}

function cell(row: number, col: number): Ring {
  return [
    [xs[col], ys[row]],
    [xs[col + 1], ys[row]],
    [xs[col + 1], ys[row + 1]],
    [xs[col], ys[row + 1]],
    [xs[col], ys[row]],
  ];
}

function gridEntries(): AreaEntry<{ row: number; col: number }>[] {
  const entries: AreaEntry<{ row: number; col: number }>[] = [];
  for (let row = 0; row < SIDE; row++) {
    for (let col = 0; col < SIDE; col++) {
      entries.push({
        key: keyOf(row, col),
        geometry: { type: 'Polygon', coordinates: [cell(row, col)] },
        value: { row, col },
      });
    }
  }
  return entries;
}

describe('AreaIndex', () => {
  const index = new AreaIndex<{ row: number; col: number }>();
  beforeAll(() => index.load(gridEntries()));

  it('resolves random points on a grid of 10,000 squares to the square containing them', () => {
    expect(index.size).toBe(SIDE * SIDE);
    const random = mulberry32(2024);
    for (let n = 0; n < 5000; n++) {
      const row = Math.floor(random() * SIDE);
      const col = Math.floor(random() * SIDE);
      // Stay off the edges: those points belong to several squares (see the shared-edge test).
      const lng = xs[col] + (0.01 + 0.98 * random()) * (xs[col + 1] - xs[col]);
      const lat = ys[row] + (0.01 + 0.98 * random()) * (ys[row + 1] - ys[row]);
      expect(index.resolve(lng, lat)).toEqual({ key: keyOf(row, col), value: { row, col } });
    }
  });

  it('returns null outside every square and for non-finite input', () => {
    expect(index.resolve(xs[0] - 1e-9, ys[50])).toBeNull();
    expect(index.resolve(xs[50], ys[SIDE] + 1e-9)).toBeNull();
    expect(index.resolve(116.4, 39.9)).toBeNull();
    expect(index.resolve(NaN, 23.15)).toBeNull();
  });

  it('gives points on grid lines to the smallest key among the squares sharing them', () => {
    const midY = (ys[10] + ys[11]) / 2;
    expect(index.resolve(xs[20], midY)?.key).toBe(keyOf(10, 19));
    expect(index.resolve(xs[20], ys[30])?.key).toBe(keyOf(29, 19));
    expect(index.resolve(xs[SIDE], ys[SIDE])?.key).toBe(keyOf(SIDE - 1, SIDE - 1));
  });

  it('resolves many points in order', () => {
    const inside = [(xs[3] + xs[4]) / 2, (ys[7] + ys[8]) / 2] as [number, number];
    expect(index.resolveMany([inside, [0, 0]]).map((m) => m?.key ?? null)).toEqual([keyOf(7, 3), null]);
  });
});

describe('AreaIndex on a shared edge', () => {
  it('takes the smallest key, deterministically, and follows upserts and removals', () => {
    const index = new AreaIndex<string>();
    index.upsert({ key: 'b', geometry: polygon(squareRing(0, 0, 1)), value: 'west' });
    index.upsert({ key: 'a', geometry: polygon(squareRing(1, 0, 1)), value: 'east' });
    expect(index.resolve(1, 0.5)).toEqual({ key: 'a', value: 'east' });
    expect(index.resolve(0.5, 0.5)).toEqual({ key: 'b', value: 'west' });

    index.upsert({ key: 'a', geometry: polygon(squareRing(5, 5, 1)), value: 'moved' });
    expect(index.size).toBe(2);
    expect(index.resolve(1, 0.5)).toEqual({ key: 'b', value: 'west' });
    expect(index.resolve(5.5, 5.5)).toEqual({ key: 'a', value: 'moved' });

    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    expect(index.resolve(1, 0.5)).toBeNull();
    expect(index.size).toBe(1);
  });

  it('load() adds to and replaces existing entries', () => {
    const index = new AreaIndex<number>();
    index.load([
      { key: 'x', geometry: polygon(squareRing(0, 0, 1)), value: 1 },
      { key: 'y', geometry: polygon(squareRing(1, 0, 1)), value: 2 },
    ]);
    index.load([
      { key: 'x', geometry: polygon(squareRing(3, 0, 1)), value: 3 },
      { key: 'z', geometry: polygon(squareRing(0, 0, 1)), value: 4 },
    ]);
    expect(index.size).toBe(3);
    expect(index.resolve(0.5, 0.5)).toEqual({ key: 'z', value: 4 });
    expect(index.resolve(3.5, 0.5)).toEqual({ key: 'x', value: 3 });
    expect(index.resolve(1, 0.5)?.key).toBe('y');
  });
});
