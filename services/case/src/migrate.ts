import { runMigrateCommand } from '@yiwang/platform';
import { caseServiceSpec } from './case.service-spec.js';

await runMigrateCommand(caseServiceSpec);
