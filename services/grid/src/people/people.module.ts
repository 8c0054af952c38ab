import { Module } from '@nestjs/common';
import { PlacesModule } from '../places/places.module.js';
import { UnitsModule } from '../units/units.module.js';
import { PeopleGrpcController } from './people.grpc.controller.js';
import { ResidentRecordsModule } from './resident-records.module.js';
import { ResidentSearchRepository } from './resident-search.repository.js';
import { ResidentSearchService } from './resident-search.service.js';
import { ResidentTagsService } from './resident-tags.service.js';
import { ResidentsService } from './residents.service.js';

/** People (人): residents, their tags, residence history and search; they live in places (`places/`). */
@Module({
  imports: [UnitsModule, ResidentRecordsModule, PlacesModule],
  controllers: [PeopleGrpcController],
  providers: [ResidentSearchRepository, ResidentsService, ResidentTagsService, ResidentSearchService],
  exports: [
    ResidentsService,
    ResidentTagsService,
    ResidentSearchService,
    ResidentRecordsModule,
    PlacesModule,
  ],
})
export class PeopleModule {}
