import type { CaseActionName } from '../catalogue/case-actions.js';

/**
 * Who may do what, declared once: the gateway checks routes against it, the case service's state machine
 * takes each action's permission from it, and the web app builds its menu and action buttons from it.
 * Deny by default: a permission not granted to any of the caller's roles is refused. This module has no
 * runtime imports, so the browser bundle can take it (`@yiwang/contracts/access`).
 */
export const PERMISSIONS = [
  'registry:read',
  'registry:write',
  'registry:read-special-population',
  'registry:read-pii',
  'registry:import',
  'case:read',
  'case:report',
  'case:attach',
  'case:register',
  'case:dispatch',
  'case:accept',
  'case:return',
  'case:resolve',
  'case:escalate',
  'case:approve',
  'case:rate',
  'case:close',
  'case:supervise',
  'case:configure',
  'assessment:read',
  'audit:read',
  'calendar:read',
  'calendar:manage',
  'responsibility:read',
  'responsibility:manage',
  'users:manage',
  'clients:manage',
  'webhooks:manage',
  'funding:approve',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'city_admin',
  'district_admin',
  'street_dispatcher',
  'community_worker',
  'grid_worker',
  'department_handler',
  'supervisor',
  'department_system',
] as const;

export type Role = (typeof ROLES)[number];

const registryRead: Permission[] = ['registry:read'];
const registryManage: Permission[] = [
  'registry:read',
  'registry:write',
  'registry:read-special-population',
  'registry:import',
];
const caseWork: Permission[] = ['case:read', 'case:report', 'case:attach'];
/** Holding a case at a tier: take it in, dispatch or summon, rule on returns and requests, rate, close. */
const caseDispatch: Permission[] = [
  'case:register',
  'case:dispatch',
  'case:escalate',
  'case:approve',
  'case:rate',
  'case:close',
];
/** 小事不出网格: a grid or community handles a small case itself, or escalates it. */
const caseSelfHandling: Permission[] = [
  'case:register',
  'case:accept',
  'case:resolve',
  'case:escalate',
  'case:rate',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  city_admin: [
    ...registryManage,
    'registry:read-pii',
    ...caseWork,
    ...caseDispatch,
    'case:supervise',
    'case:configure',
    'assessment:read',
    'audit:read',
    'calendar:read',
    'calendar:manage',
    // The 权责清单 is city-wide: the city edits and activates it; districts and streets read it.
    'responsibility:read',
    'responsibility:manage',
    'users:manage',
    'clients:manage',
    'webhooks:manage',
    'funding:approve',
  ],
  district_admin: [
    ...registryManage,
    'registry:read-pii',
    ...caseWork,
    ...caseDispatch,
    'case:supervise',
    'assessment:read',
    'audit:read',
    'calendar:read',
    'calendar:manage',
    'responsibility:read',
    'clients:manage',
    'webhooks:manage',
  ],
  street_dispatcher: [
    ...registryRead,
    ...caseWork,
    ...caseDispatch,
    'assessment:read',
    'calendar:read',
    'responsibility:read',
  ],
  community_worker: [...registryManage, ...caseWork, ...caseSelfHandling, 'calendar:read'],
  grid_worker: [...registryRead, ...caseWork, ...caseSelfHandling, 'calendar:read'],
  department_handler: [
    'case:read',
    'case:attach',
    'case:accept',
    'case:return',
    'case:resolve',
    'calendar:read',
  ],
  supervisor: [
    'case:read',
    'case:supervise',
    'assessment:read',
    'audit:read',
    'calendar:read',
    'responsibility:read',
    ...registryRead,
  ],
  department_system: [
    'case:read',
    'case:report',
    'case:attach',
    'case:accept',
    'case:return',
    'case:resolve',
    'calendar:read',
    'webhooks:manage',
  ],
};

/**
 * The permission each case lifecycle action needs (docs/case-lifecycle.md): the gateway refuses the action
 * without it, the case service's state machine checks it again, and the web app offers only granted actions.
 */
export const CASE_ACTION_PERMISSIONS: Record<CaseActionName, Permission> = {
  register: 'case:register',
  dispatch: 'case:dispatch',
  accept: 'case:accept',
  return: 'case:return',
  'arbitrate-return': 'case:dispatch',
  start: 'case:accept',
  resolve: 'case:resolve',
  rate: 'case:rate',
  close: 'case:close',
  'request-suspension': 'case:accept',
  'approve-suspension': 'case:approve',
  reject: 'case:approve',
  resume: 'case:approve',
  'request-extension': 'case:accept',
  'approve-extension': 'case:approve',
  escalate: 'case:escalate',
  summon: 'case:dispatch',
  'complete-subtask': 'case:resolve',
  supervise: 'case:supervise',
  merge: 'case:register',
  'request-unreasonable': 'case:accept',
  'approve-unreasonable': 'case:approve',
  appeal: 'case:register',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Every permission the roles grant, sorted; unknown roles grant nothing. */
export function permissionsOf(roles: readonly string[]): Permission[] {
  const out = new Set<Permission>();
  for (const role of roles) if (isRole(role)) for (const p of ROLE_PERMISSIONS[role]) out.add(p);
  return [...out].sort();
}
