import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module.js';
import { CoverageRepository } from './coverage.repository.js';
import { CoverageService } from './coverage.service.js';
import { ServiceSiteRepository } from './service-site.repository.js';
import { ServiceSitesService } from './service-sites.service.js';
import { SitesGrpcController } from './sites.grpc.controller.js';

/** Party-mass service centres and stations, and the 15-minute service circle around them. */
@Module({
  imports: [UnitsModule],
  controllers: [SitesGrpcController],
  providers: [ServiceSiteRepository, CoverageRepository, ServiceSitesService, CoverageService],
  exports: [ServiceSitesService, CoverageService],
})
export class SitesModule {}
