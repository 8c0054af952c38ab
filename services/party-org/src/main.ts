import { runService } from '@yiwang/platform';
import { partyOrgServiceSpec } from './party-org.service-spec.js';

await runService(partyOrgServiceSpec);
