import { Module } from '@nestjs/common';
import { AssessmentModule } from './assessment/assessment.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { CaseIntakeModule } from './intake/case-intake.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';

@Module({ imports: [CaseIntakeModule, DeadlinesModule, SupervisionModule, AssessmentModule] })
export class AppModule {}
