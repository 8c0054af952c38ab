import { Module } from '@nestjs/common';
import { CaseActivityModule } from './case-activity/case-activity.module.js';

@Module({ imports: [CaseActivityModule] })
export class AppModule {}
