import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { CalendarRecomputeWorker } from './calendar-recompute.worker.js';
import { CaseEventsConsumer } from './case-events.consumer.js';
import { CaseTrackService } from './case-track.service.js';
import { DeadlineSchedulerHost } from './deadline-scheduler.host.js';
import { DeadlineRepository } from './deadline.repository.js';

/** Clocks from the case's transition events, and the scheduler that fires warnings and overdue events. */
@Module({
  imports: [AssessmentModule, SupervisionModule, CalendarModule],
  providers: [
    DeadlineRepository,
    CaseTrackService,
    CaseEventsConsumer,
    DeadlineSchedulerHost,
    CalendarRecomputeWorker,
  ],
})
export class DeadlinesModule {}
