import { Module } from '@nestjs/common';
import { PiiAccessRepository } from './pii-access.repository.js';
import { PiiCipher } from './pii-cipher.js';
import { piiCipherProvider } from './pii-cipher.provider.js';
import { ResidenceRepository } from './residence.repository.js';
import { ResidentPresenter } from './resident-presenter.js';
import { ResidentTagRepository } from './resident-tag.repository.js';
import { ResidentRepository } from './resident.repository.js';

/**
 * The resident records (person, residence history, tags, PII access log) and how a resident is shown:
 * shared by the people and places modules, so neither has to import the other's services.
 */
@Module({
  providers: [
    piiCipherProvider,
    ResidentRepository,
    ResidenceRepository,
    ResidentTagRepository,
    PiiAccessRepository,
    ResidentPresenter,
  ],
  exports: [
    PiiCipher,
    ResidentRepository,
    ResidenceRepository,
    ResidentTagRepository,
    PiiAccessRepository,
    ResidentPresenter,
  ],
})
export class ResidentRecordsModule {}
