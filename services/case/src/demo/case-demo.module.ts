import { Module } from '@nestjs/common';
import { CaseCoreModule } from '../case-core.module.js';
import { CaseDemoRepository } from './case-demo.repository.js';
import { CaseDemoService } from './case-demo.service.js';

@Module({ imports: [CaseCoreModule], providers: [CaseDemoService, CaseDemoRepository] })
export class CaseDemoModule {}
