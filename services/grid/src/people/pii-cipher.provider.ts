import type { Provider } from '@nestjs/common';
import { CONFIG } from '@yiwang/platform';
import type { GridConfig } from '../grid.config.js';
import { PiiCipher } from './pii-cipher.js';

/** One PiiCipher per process, built from the validated config: a bad key ring stops start-up. */
export const piiCipherProvider: Provider = {
  provide: PiiCipher,
  inject: [CONFIG],
  useFactory: (config: GridConfig) =>
    PiiCipher.fromConfig(config.REGISTRY_PII_KEYS, config.REGISTRY_PII_ACTIVE_KEY, config.REGISTRY_HMAC_KEY),
};
