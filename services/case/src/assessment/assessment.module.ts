import { Module } from '@nestjs/common';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { AssessmentGrpcController } from './assessment.grpc.controller.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';

/** The three rates (+ on-time) per unit and period, rankings, and the cards query, over gRPC. */
@Module({
  imports: [SupervisionModule],
  controllers: [AssessmentGrpcController],
  providers: [AssessmentService, AssessmentRepository],
  exports: [AssessmentRepository],
})
export class AssessmentModule {}
