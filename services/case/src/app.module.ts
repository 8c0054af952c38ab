import { Module } from '@nestjs/common';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { CaseIntakeModule } from './intake/case-intake.module.js';

@Module({ imports: [CaseIntakeModule, AttachmentsModule] })
export class AppModule {}
