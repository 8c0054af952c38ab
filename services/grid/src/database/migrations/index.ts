import { PlatformOutboxInbox1763769600000 } from '@yiwang/platform';
import { CreateUnitActivity1763769800000 } from './1763769800000-create-unit-activity.js';
import { CreateUnitsAndDepartments1795312125117 } from './1795312125117-create-units-and-departments.js';
import { CreateRegistry1795312281713 } from './1795312281713-create-registry.js';
import { SeedGridTypes1795312300000 } from './1795312300000-seed-grid-types.js';

/** In order. Never edit a migration once it is on main: add a new one. */
export const gridMigrations = [
  PlatformOutboxInbox1763769600000,
  CreateUnitActivity1763769800000,
  CreateUnitsAndDepartments1795312125117,
  CreateRegistry1795312281713,
  SeedGridTypes1795312300000,
];
