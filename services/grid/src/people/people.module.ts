import { Module } from '@nestjs/common';
import { BuildingRepository } from '../places/building.repository.js';
import { GridLookupRepository } from '../places/grid-lookup.repository.js';
import { HouseholdRepository } from '../places/household.repository.js';
import { PlacesService } from '../places/places.service.js';
import { UnitsModule } from '../units/units.module.js';
import { PeopleGrpcController } from './people.grpc.controller.js';
import { PiiAccessRepository } from './pii-access.repository.js';
import { piiCipherProvider } from './pii-cipher.provider.js';
import { ResidenceRepository } from './residence.repository.js';
import { ResidentPresenter } from './resident-presenter.js';
import { ResidentSearchRepository } from './resident-search.repository.js';
import { ResidentSearchService } from './resident-search.service.js';
import { ResidentTagRepository } from './resident-tag.repository.js';
import { ResidentTagsService } from './resident-tags.service.js';
import { ResidentRepository } from './resident.repository.js';
import { ResidentsService } from './residents.service.js';

/** People (人) and places (地): buildings, households, residents, their tags, history and search. */
@Module({
  imports: [UnitsModule],
  controllers: [PeopleGrpcController],
  providers: [
    piiCipherProvider,
    BuildingRepository,
    HouseholdRepository,
    GridLookupRepository,
    PlacesService,
    ResidentRepository,
    ResidenceRepository,
    ResidentTagRepository,
    PiiAccessRepository,
    ResidentSearchRepository,
    ResidentPresenter,
    ResidentsService,
    ResidentTagsService,
    ResidentSearchService,
  ],
  exports: [
    PlacesService,
    ResidentsService,
    ResidentTagsService,
    ResidentSearchService,
    BuildingRepository,
    HouseholdRepository,
    ResidentRepository,
    ResidenceRepository,
  ],
})
export class PeopleModule {}
