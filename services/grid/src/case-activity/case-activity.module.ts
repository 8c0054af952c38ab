import { Module } from '@nestjs/common';
import { CaseActivityGrpcController } from './case-activity.grpc.controller.js';
import { CaseActivityService } from './case-activity.service.js';
import { UnitActivityRepository } from './unit-activity.repository.js';

@Module({
  controllers: [CaseActivityGrpcController],
  providers: [CaseActivityService, UnitActivityRepository],
})
export class CaseActivityModule {}
