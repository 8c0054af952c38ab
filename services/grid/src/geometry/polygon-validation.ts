import { DomainError } from '@yiwang/platform';
import { isWithin } from './area-containment.js';
import type { AreaGeometry, GeometryProblem, Ring } from './geojson.types.js';
import { parseArea, ProblemList, type ParsedArea } from './polygon-parse.js';
import { checkTopology } from './polygon-topology.js';

export interface AreaValidation {
  /** The normalised geometry (altitude dropped, repeated consecutive positions removed) when valid. */
  geometry?: AreaGeometry;
  problems: GeometryProblem[];
}

/** The DomainError code for an unusable boundary. */
export const INVALID_POLYGON = 'registry.invalid_polygon';

/**
 * Validates an untrusted GeoJSON Polygon or MultiPolygon per RFC 7946, stricter where a boundary must be
 * usable for point lookup and containment: finite in-range numbers; rings of at least 4 positions, closed;
 * exterior rings counterclockwise and holes clockwise; no ring touching or crossing itself; rings of an area
 * may touch at points but not cross or share a stretch; holes inside their exterior and not inside each
 * other; no zero-area ring; polygons of a MultiPolygon not overlapping. Problems name the field, e.g.
 * `polygon.coordinates[0][5]`, with ring and position indices as sent.
 * Not handled: areas crossing the antimeridian (RFC 7946 §3.1.9 asks senders to split them).
 */
export function validateAreaGeometry(input: unknown, field = 'polygon'): AreaValidation {
  const problems = new ProblemList();
  const parsed = parseArea(input, field, problems);
  // Polygons with a broken ring are skipped, but the intact ones are still checked and reported on.
  if (parsed) checkTopology(parsed, field, problems);
  if (!parsed || !problems.empty) return { problems: problems.finish(field) };
  return { geometry: toGeometry(parsed), problems: [] };
}

/** validateAreaGeometry, throwing DomainError `registry.invalid_polygon` with every problem as details. */
export function assertValidArea(input: unknown, field = 'polygon'): AreaGeometry {
  const { geometry, problems } = validateAreaGeometry(input, field);
  if (geometry) return geometry;
  throw DomainError.invalid(
    INVALID_POLYGON,
    `The ${field} is not a valid area: ${problems[0].message}`,
    problems,
  );
}

/** One problem on `field` when the child area is not inside (or on the boundary of) its parent. */
export function validateWithinParent(
  child: AreaGeometry,
  parent: AreaGeometry,
  parentName: string,
  field = 'polygon',
): GeometryProblem[] {
  return isWithin(child, parent) ? [] : [{ field, message: `lies outside its parent ${parentName}` }];
}

function toGeometry(parsed: ParsedArea): AreaGeometry {
  const polygons: Ring[][] = parsed.polygons.map((rings) => rings.map((ring) => ring.positions));
  return parsed.type === 'Polygon'
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}
