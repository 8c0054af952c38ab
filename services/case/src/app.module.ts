import { Module } from '@nestjs/common';
import { CaseIntakeModule } from './intake/case-intake.module.js';

@Module({ imports: [CaseIntakeModule] })
export class AppModule {}
