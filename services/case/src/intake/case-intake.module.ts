import { Module } from '@nestjs/common';
import { CaseIntakeGrpcController } from './case-intake.grpc.controller.js';
import { CaseIntakeService } from './case-intake.service.js';
import { CaseRepository } from './case.repository.js';

@Module({
  controllers: [CaseIntakeGrpcController],
  providers: [CaseIntakeService, CaseRepository],
})
export class CaseIntakeModule {}
