import { Module } from '@nestjs/common';
import { CaseAttachmentsHttpController } from './case-attachments.http.controller.js';

/** Case attachments, stored by the case service (its client comes from the DownstreamModule). */
@Module({ controllers: [CaseAttachmentsHttpController] })
export class CaseAttachmentsModule {}
