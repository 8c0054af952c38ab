import { PlatformOutboxInbox1763769600000 } from '@yiwang/platform';

/** In order. Never edit a migration once it is on main: add a new one. */
export const partyOrgMigrations = [PlatformOutboxInbox1763769600000];
