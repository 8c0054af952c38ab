import { Module } from '@nestjs/common';
import { AssessmentHttpController } from './assessment.http.controller.js';

/**
 * Assessment (考核) and supervision cards, served by the case service's AssessmentService (its client
 * comes from the DownstreamModule).
 */
@Module({ controllers: [AssessmentHttpController] })
export class AssessmentModule {}
