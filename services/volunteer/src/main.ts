import { runService } from '@yiwang/platform';
import { volunteerServiceSpec } from './volunteer.service-spec.js';

await runService(volunteerServiceSpec);
