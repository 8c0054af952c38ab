import { Inject, Injectable } from '@nestjs/common';
import { unitPathOf } from '@yiwang/contracts';
import { IdentityContext, isDomainError, logger, serviceIdentity } from '@yiwang/platform';
import { LOCATION_CLIENT, type LocationClient } from '../registry/registry-clients.module.js';
import { CaseIntakeErrors } from './case-intake.errors.js';

/**
 * Where a report belongs: the registry resolves a location to its grid (and so community, street and
 * district), within the unit the reporter named if any; without a location (or outside every grid), the
 * unit named. The case carries the whole unit path.
 */
@Injectable()
export class CaseLocationService {
  constructor(@Inject(LOCATION_CLIENT) private readonly location: LocationClient) {}

  async unitOf(
    unitCode: string | undefined,
    point: { lat: number; lng: number } | undefined,
  ): Promise<{ unitCode: string; unitPath: string[] }> {
    if (point) {
      try {
        const { location } = await IdentityContext.run(serviceIdentity('case'), () =>
          this.location.call('resolveLocation', point),
        );
        if (location?.found && location.gridCode) {
          const path = location.path ? location.path.split('.') : unitPathOf(location.gridCode);
          // The location refines the unit given to its grid; a point outside that unit leaves the unit as given.
          if (!unitCode || path.includes(unitCode)) return { unitCode: location.gridCode, unitPath: path };
        }
      } catch (error) {
        // Outside every grid: as not found. Registry unreachable: the unit given, if any.
        const outside = isDomainError(error) && error.kind === 'not_found';
        if (!outside && !unitCode) throw error;
        if (!outside)
          logger().warn({ err: error }, 'location not resolved (registry unreachable); using the unit given');
      }
      if (!unitCode) {
        throw CaseIntakeErrors.invalidInput([
          { field: 'location', message: 'lies in no grid of the registry: give unitCode' },
        ]);
      }
    }
    if (!unitCode)
      throw CaseIntakeErrors.invalidInput([
        { field: 'unitCode', message: 'is required unless a location is given' },
      ]);
    return { unitCode, unitPath: unitPathOf(unitCode) };
  }
}
