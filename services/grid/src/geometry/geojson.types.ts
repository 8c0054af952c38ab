/**
 * The slice of RFC 7946 GeoJSON that grid and community boundaries use. Positions are [lng, lat] in WGS84
 * degrees; an optional altitude is dropped by validation because boundaries are flat.
 */
export type Position = [lng: number, lat: number];

/** A closed linear ring: at least 4 positions, the last equal to the first. */
export type Ring = Position[];

export interface PolygonGeometry {
  type: 'Polygon';
  /** Exterior ring (counterclockwise) first, then holes (clockwise). */
  coordinates: Ring[];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}

export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** [minLng, minLat, maxLng, maxLat], as in the GeoJSON `bbox` member. */
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** A validation finding, shaped like the platform's ErrorDetail. */
export interface GeometryProblem {
  field: string;
  message: string;
}

/** The polygons of an area as ring lists (exterior first), whichever GeoJSON type it came as. */
export function polygonsOf(geometry: AreaGeometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
