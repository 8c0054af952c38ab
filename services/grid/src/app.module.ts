import { Module } from '@nestjs/common';
import { CaseActivityModule } from './case-activity/case-activity.module.js';
import { UnitsModule } from './units/units.module.js';

@Module({ imports: [CaseActivityModule, UnitsModule] })
export class AppModule {}
