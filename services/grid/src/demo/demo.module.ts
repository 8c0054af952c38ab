import { Module } from '@nestjs/common';
import { GridRepository } from '../grids/grid.repository.js';
import { piiCipherProvider } from '../people/pii-cipher.provider.js';
import { UnitsModule } from '../units/units.module.js';
import { DemoGeneratorService } from './demo-generator.service.js';
import { DemoWriterRepository } from './demo-writer.repository.js';

@Module({
  imports: [UnitsModule],
  providers: [DemoGeneratorService, DemoWriterRepository, GridRepository, piiCipherProvider],
  exports: [DemoGeneratorService],
})
export class DemoModule {}
