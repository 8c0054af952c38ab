import { runService } from '@yiwang/platform';
import { gridServiceSpec } from './grid.service-spec.js';

await runService(gridServiceSpec);
