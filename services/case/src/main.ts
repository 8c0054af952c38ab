import { runService } from '@yiwang/platform';
import { caseServiceSpec } from './case.service-spec.js';

await runService(caseServiceSpec);
