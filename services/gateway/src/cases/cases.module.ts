import { Module } from '@nestjs/common';
import { CasesHttpController } from './cases.http.controller.js';

@Module({ controllers: [CasesHttpController] })
export class CasesModule {}
