import { Module } from '@nestjs/common';
import { ResidentRecordsModule } from '../people/resident-records.module.js';
import { UnitsModule } from '../units/units.module.js';
import { BuildingRepository } from './building.repository.js';
import { GridLookupRepository } from './grid-lookup.repository.js';
import { HouseholdRepository } from './household.repository.js';
import { PlacesGrpcController } from './places.grpc.controller.js';
import { PlacesService } from './places.service.js';

/** Places (地): buildings and households, where residents live; each inside the caller's data scope. */
@Module({
  imports: [UnitsModule, ResidentRecordsModule],
  controllers: [PlacesGrpcController],
  providers: [BuildingRepository, HouseholdRepository, GridLookupRepository, PlacesService],
  exports: [PlacesService, BuildingRepository, HouseholdRepository, GridLookupRepository],
})
export class PlacesModule {}
