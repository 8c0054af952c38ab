import { runMigrateCommand } from '@yiwang/platform';
import { fundingServiceSpec } from './funding.service-spec.js';

await runMigrateCommand(fundingServiceSpec);
