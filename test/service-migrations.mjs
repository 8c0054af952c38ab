// Every service's schema and migrations, from the built packages (npm test builds before running jest).
// This file sits outside libs/ and services/, so it may know every service.
import { caseMigrations } from '../services/case/dist/database/migrations/index.js';
import { gridMigrations } from '../services/grid/dist/database/migrations/index.js';
import { partyOrgMigrations } from '../services/party-org/dist/database/migrations/index.js';
import { volunteerMigrations } from '../services/volunteer/dist/database/migrations/index.js';
import { fundingMigrations } from '../services/funding/dist/database/migrations/index.js';
import { gatewayMigrations } from '../services/gateway/dist/database/migrations/index.js';

export const specs = [
  { name: 'case', schema: 'case', entities: [], migrations: caseMigrations },
  { name: 'grid', schema: 'grid', entities: [], migrations: gridMigrations },
  { name: 'party-org', schema: 'party_org', entities: [], migrations: partyOrgMigrations },
  { name: 'volunteer', schema: 'volunteer', entities: [], migrations: volunteerMigrations },
  { name: 'funding', schema: 'funding', entities: [], migrations: fundingMigrations },
  { name: 'gateway', schema: 'gateway', entities: [], migrations: gatewayMigrations },
];
