import { PlatformOutboxInbox1763769600000 } from '@yiwang/platform';
import { CreateUnitActivity1763769800000 } from './1763769800000-create-unit-activity.js';

/** In order. Never edit a migration once it is on main: add a new one. */
export const gridMigrations = [PlatformOutboxInbox1763769600000, CreateUnitActivity1763769800000];
