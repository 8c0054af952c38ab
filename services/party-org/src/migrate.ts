import { runMigrateCommand } from '@yiwang/platform';
import { partyOrgServiceSpec } from './party-org.service-spec.js';

await runMigrateCommand(partyOrgServiceSpec);
