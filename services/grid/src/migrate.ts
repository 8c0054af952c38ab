import { runMigrateCommand } from '@yiwang/platform';
import { gridServiceSpec } from './grid.service-spec.js';

await runMigrateCommand(gridServiceSpec);
