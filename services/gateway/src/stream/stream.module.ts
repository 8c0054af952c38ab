import { Module } from '@nestjs/common';
import { CaseEventHub } from './case-event-hub.js';
import { StreamHttpController } from './stream.http.controller.js';

@Module({ controllers: [StreamHttpController], providers: [CaseEventHub] })
export class StreamModule {}
