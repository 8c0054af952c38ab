import { Module } from '@nestjs/common';
import { ResponsibilityGrpcController } from './responsibility.grpc.controller.js';
import { ResponsibilityRepository } from './responsibility.repository.js';
import { ResponsibilityService } from './responsibility.service.js';

/** The versioned responsibility list (权责清单): its versions, their API, and the lines routing reads. */
@Module({
  controllers: [ResponsibilityGrpcController],
  providers: [ResponsibilityRepository, ResponsibilityService],
  exports: [ResponsibilityService],
})
export class ResponsibilityModule {}
