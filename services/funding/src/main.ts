import { runService } from '@yiwang/platform';
import { fundingServiceSpec } from './funding.service-spec.js';

await runService(fundingServiceSpec);
