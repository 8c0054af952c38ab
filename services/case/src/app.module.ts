import { Module } from '@nestjs/common';
import { CaseCoreModule } from './case-core.module.js';

@Module({ imports: [CaseCoreModule] })
export class AppModule {}
