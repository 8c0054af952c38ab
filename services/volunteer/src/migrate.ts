import { runMigrateCommand } from '@yiwang/platform';
import { volunteerServiceSpec } from './volunteer.service-spec.js';

await runMigrateCommand(volunteerServiceSpec);
