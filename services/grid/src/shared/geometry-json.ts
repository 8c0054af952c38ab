/** GeoJSON Polygon or MultiPolygon as stored (validated before it is written). */
export interface AreaGeometryJson {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}
