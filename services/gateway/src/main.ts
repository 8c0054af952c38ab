import { runService } from '@yiwang/platform';
import { gatewayServiceSpec } from './gateway.service-spec.js';

await runService(gatewayServiceSpec);
