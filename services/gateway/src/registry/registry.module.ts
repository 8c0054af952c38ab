import { Module } from '@nestjs/common';
import { RegistryGridsHttpController } from './registry-grids.http.controller.js';
import { RegistryNamesHttpController } from './registry-names.http.controller.js';
import { RegistryNamesService } from './registry-names.service.js';
import { UserNamesRepository } from './user-names.repository.js';
import { RegistryImportsHttpController } from './registry-imports.http.controller.js';
import { RegistryPeopleHttpController } from './registry-people.http.controller.js';
import { RegistrySitesHttpController } from './registry-sites.http.controller.js';
import { RegistryUnitsHttpController } from './registry-units.http.controller.js';

@Module({
  controllers: [
    RegistryUnitsHttpController,
    RegistryGridsHttpController,
    RegistryPeopleHttpController,
    RegistrySitesHttpController,
    RegistryImportsHttpController,
    RegistryNamesHttpController,
  ],
  providers: [RegistryNamesService, UserNamesRepository],
})
export class RegistryModule {}
