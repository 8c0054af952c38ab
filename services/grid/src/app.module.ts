import { Module } from '@nestjs/common';
import { CaseActivityModule } from './case-activity/case-activity.module.js';
import { GridsModule } from './grids/grids.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { PeopleModule } from './people/people.module.js';
import { PlacesModule } from './places/places.module.js';
import { SitesModule } from './sites/sites.module.js';
import { UnitsModule } from './units/units.module.js';

@Module({
  imports: [
    CaseActivityModule,
    UnitsModule,
    GridsModule,
    PlacesModule,
    PeopleModule,
    ImportsModule,
    SitesModule,
  ],
})
export class AppModule {}
