import { runMigrateCommand } from '@yiwang/platform';
import { gatewayServiceSpec } from './gateway.service-spec.js';

await runMigrateCommand(gatewayServiceSpec);
