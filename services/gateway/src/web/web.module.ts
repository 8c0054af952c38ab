import { Module } from '@nestjs/common';
import { WebHttpController } from './web.http.controller.js';

@Module({ controllers: [WebHttpController] })
export class WebModule {}
