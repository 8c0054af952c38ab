import { Module } from '@nestjs/common';
import { AssessmentModule } from './assessment/assessment.module.js';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { CaseCoreModule } from './case-core.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';

@Module({
  imports: [CaseCoreModule, DeadlinesModule, SupervisionModule, AssessmentModule, AttachmentsModule],
})
export class AppModule {}
