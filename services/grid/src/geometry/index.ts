export * from './geojson.types.js';
export { orient } from './exact-predicates.js';
export { segmentRelation, type SegmentRelation } from './segment-intersection.js';
export { locateInArea, locateInRing, pointInArea, type PointLocation } from './point-in-polygon.js';
export {
  assertValidArea,
  INVALID_POLYGON,
  validateAreaGeometry,
  validateWithinParent,
  type AreaValidation,
} from './polygon-validation.js';
export { MAX_POSITIONS } from './polygon-parse.js';
export { isWithin } from './area-containment.js';
export { PreparedArea } from './prepared-area.js';
export { AreaIndex, type AreaEntry, type AreaMatch } from './spatial-index.js';
export { clipToConvex, convexHull, isConvexRing } from './convex-clip.js';
export { partitionConvex } from './voronoi-partition.js';
export { mulberry32, pick, pointInRing, randomBetween, randomInt, type RandomSource } from './random.js';
export {
  areaSquareMeters,
  bbox,
  centroid,
  EARTH_RADIUS_METERS,
  haversineMeters,
  ringArea,
  ringAreaSquareMeters,
} from './geo-distance.js';
