import { EARTH_RADIUS_METERS, haversineMeters, mulberry32 } from '../../src/geometry/index.js';
import { SiteGridIndex } from '../../src/sites/site-grid-index.js';

const RADIANS = Math.PI / 180;

/** A point `meters` due east of (lat, lng) along the parallel, measured as a great circle. */
function east(lat: number, lng: number, meters: number): { lat: number; lng: number } {
  // Solve haversine for Δλ at constant latitude: sin(d/2R) = cos φ · sin(Δλ/2).
  const dLng = 2 * Math.asin(Math.sin(meters / (2 * EARTH_RADIUS_METERS)) / Math.cos(lat * RADIANS));
  return { lat, lng: lng + dLng / RADIANS };
}

/** The grid index on its own: cell sizing at high latitudes, ring search, fallbacks and ties. */
describe('SiteGridIndex', () => {
  it('finds a site just inside the radius due east at China’s northern edge', () => {
    for (const lat of [18.2, 31.2, 53.4]) {
      for (const radius of [50, 1000, 5000]) {
        const inside = new SiteGridIndex([east(lat, 120, radius * 0.999)], radius);
        const outside = new SiteGridIndex([east(lat, 120, radius * 1.001)], radius);
        expect([lat, radius, inside.anyWithin(lat, 120)]).toEqual([lat, radius, true]);
        expect([lat, radius, outside.anyWithin(lat, 120)]).toEqual([lat, radius, false]);
      }
    }
  });

  it('measures exactly as haversineMeters does', () => {
    const site = { lat: 23.137, lng: 113.264 };
    const index = new SiteGridIndex([site], 1000);
    const found = index.nearest(23.2, 113.1)!;
    expect(found).toEqual({ index: 0, meters: haversineMeters([113.1, 23.2], [site.lng, site.lat]) });
  });

  it('finds the nearest site from near and far, clustered or spread, like a full scan', () => {
    const random = mulberry32(11);
    const clustered = Array.from({ length: 40 }, () => ({
      lat: 30 + random() * 0.01,
      lng: 120 + random() * 0.01,
    }));
    const spread = Array.from({ length: 300 }, () => ({
      lat: 30 + random() * 0.3,
      lng: 120 + random() * 0.3,
    }));
    for (const sites of [clustered, spread, [...clustered, { lat: 35, lng: 125 }]]) {
      const index = new SiteGridIndex(sites, 200);
      for (let k = 0; k < 300; k++) {
        // Points inside the cluster, around it and up to ~200 km away (the plain-scan fallback).
        const lat = 29 + random() * 3;
        const lng = 119 + random() * 3;
        const expected = sites
          .map((s, i) => ({ index: i, meters: haversineMeters([lng, lat], [s.lng, s.lat]) }))
          .reduce((best, c) => (c.meters < best.meters ? c : best));
        expect(index.nearest(lat, lng)).toEqual(expected);
      }
    }
  });

  it('breaks ties by the order of the sites and handles a district without sites', () => {
    const twin = { lat: 23, lng: 113 };
    expect(new SiteGridIndex([twin, twin, twin], 500).nearest(23.01, 113)!.index).toBe(0);
    const empty = new SiteGridIndex([], 1000);
    expect(empty.size).toBe(0);
    expect(empty.anyWithin(23, 113)).toBe(false);
    expect(empty.nearest(23, 113)).toBeNull();
  });
});
