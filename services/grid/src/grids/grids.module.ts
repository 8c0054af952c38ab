import { Module } from '@nestjs/common';
import { CaseActivityModule } from '../case-activity/case-activity.module.js';
import { LocationGrpcController } from '../location/location.grpc.controller.js';
import { LocationIndexService } from '../location/location-index.service.js';
import { piiCipherProvider } from '../people/pii-cipher.provider.js';
import { UnitsModule } from '../units/units.module.js';
import { GridStaffRepository } from './grid-staff.repository.js';
import { GridRepository } from './grid.repository.js';
import { GridsGrpcController } from './grids.grpc.controller.js';
import { GridsService } from './grids.service.js';

/** Grids, their staff, and the location index built from their boundaries. */
@Module({
  imports: [UnitsModule, CaseActivityModule],
  controllers: [GridsGrpcController, LocationGrpcController],
  providers: [GridRepository, GridStaffRepository, GridsService, LocationIndexService, piiCipherProvider],
  exports: [GridsService, GridRepository, LocationIndexService],
})
export class GridsModule {}
