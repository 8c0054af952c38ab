import {
  areaSquareMeters,
  bbox,
  centroid,
  haversineMeters,
  ringArea,
  type Ring,
} from '../../src/geometry/index.js';

const square: Ring = [
  [113.25, 23.1],
  [113.26, 23.1],
  [113.26, 23.11],
  [113.25, 23.11],
  [113.25, 23.1],
];

describe('geo-distance', () => {
  it('measures great-circle distances', () => {
    // Tiananmen to People's Square, Shanghai: about 1,067 km.
    expect(haversineMeters([116.3975, 39.9087], [121.4737, 31.2304]) / 1000).toBeCloseTo(1067, -1);
    // One degree of latitude is about 111.2 km.
    expect(haversineMeters([113, 23], [113, 24])).toBeCloseTo(111_195, -1);
    expect(haversineMeters([113, 23], [113, 23])).toBe(0);
  });

  it('signs the shoelace area by orientation', () => {
    expect(ringArea(square)).toBeCloseTo(1e-4, 12);
    expect(ringArea([...square].reverse())).toBeCloseTo(-1e-4, 12);
  });

  it('approximates areas in square metres, holes excluded', () => {
    // 0.01° × 0.01° at 23.1°N: 1,111.95 m × 1,023.4 m.
    expect(areaSquareMeters({ type: 'Polygon', coordinates: [square] })).toBeCloseTo(1_138_000, -4);
    const hole: Ring = [
      [113.252, 23.102],
      [113.252, 23.107],
      [113.257, 23.107],
      [113.257, 23.102],
      [113.252, 23.102],
    ];
    expect(areaSquareMeters({ type: 'Polygon', coordinates: [square, hole] })).toBeCloseTo(
      1_138_000 * 0.75,
      -4,
    );
  });

  it('computes bounding boxes and centroids', () => {
    expect(
      bbox({
        type: 'MultiPolygon',
        coordinates: [
          [square],
          [
            [
              [0, 1],
              [2, 1],
              [0, 3],
              [0, 1],
            ],
          ],
        ],
      }),
    ).toEqual([0, 1, 113.26, 23.11]);
    const [lng, lat] = centroid(square);
    expect(lng).toBeCloseTo(113.255, 12);
    expect(lat).toBeCloseTo(23.105, 12);
    expect(
      centroid([
        [0, 0],
        [3, 0],
        [0, 3],
        [0, 0],
      ]),
    ).toEqual([1, 1]);
  });
});
