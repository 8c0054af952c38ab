import { Module } from '@nestjs/common';
import { SupervisionRepository } from './supervision.repository.js';
import { SupervisionService } from './supervision.service.js';

@Module({
  providers: [SupervisionService, SupervisionRepository],
  exports: [SupervisionService, SupervisionRepository],
})
export class SupervisionModule {}
