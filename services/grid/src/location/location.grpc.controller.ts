import { Controller } from '@nestjs/common';
import { locationV1 } from '@yiwang/contracts';
import { DomainError, type ErrorDetail } from '@yiwang/platform';
import { LocationIndexService, type ResolvedLocation } from './location-index.service.js';

const MAX_BATCH = 10_000;

@Controller()
@locationV1.LocationServiceControllerMethods()
export class LocationGrpcController implements locationV1.LocationServiceController {
  constructor(private readonly index: LocationIndexService) {}

  resolveLocation(request: locationV1.ResolveLocationRequest): locationV1.ResolveLocationResponse {
    checkPoint(request, 'location');
    const found = this.index.resolve(request.lat, request.lng);
    if (!found)
      throw DomainError.notFound('registry.location_outside_grids', 'The point lies outside every grid');
    return { location: toMessage(found) };
  }

  resolveLocations(request: locationV1.ResolveLocationsRequest): locationV1.ResolveLocationsResponse {
    if (request.points.length > MAX_BATCH) {
      throw DomainError.invalid('registry.batch_too_large', `At most ${MAX_BATCH} points per call`, [
        { field: 'points', message: `at most ${MAX_BATCH}` },
      ]);
    }
    request.points.forEach((p, i) => checkPoint(p, `points[${i}]`));
    return {
      locations: request.points.map((p) => {
        const found = this.index.resolve(p.lat, p.lng);
        return found
          ? toMessage(found)
          : {
              found: false,
              gridCode: '',
              communityCode: '',
              streetCode: '',
              districtCode: '',
              path: '',
              gridName: '',
            };
      }),
    };
  }
}

function checkPoint(p: { lat: number; lng: number }, field: string): void {
  const details: ErrorDetail[] = [];
  if (!Number.isFinite(p.lat) || Math.abs(p.lat) > 90)
    details.push({ field: `${field}.lat`, message: 'must be within ±90' });
  if (!Number.isFinite(p.lng) || Math.abs(p.lng) > 180)
    details.push({ field: `${field}.lng`, message: 'must be within ±180' });
  if (details.length > 0)
    throw DomainError.invalid('registry.invalid_point', 'The point is not valid', details);
}

function toMessage(found: ResolvedLocation): locationV1.ResolvedLocation {
  return { found: true, ...found };
}
