import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { CaseEventsConsumer } from './case-events.consumer.js';
import { CaseTrackService } from './case-track.service.js';
import { DeadlineSchedulerHost } from './deadline-scheduler.host.js';
import { DeadlineRepository } from './deadline.repository.js';

/** Clocks from the case's transition events, and the scheduler that fires warnings and overdue events. */
@Module({
  imports: [AssessmentModule, SupervisionModule],
  providers: [DeadlineRepository, CaseTrackService, CaseEventsConsumer, DeadlineSchedulerHost],
})
export class DeadlinesModule {}
