/**
 * Roles and what they may do. Deny by default: a permission not listed for any of the caller's roles is
 * refused. Permission checks happen at the gateway per route and again in the services.
 */
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

const registryRead = ['registry:read'];
const registryManage = [
  'registry:read',
  'registry:write',
  'registry:read-special-population',
  'registry:import',
];
const caseWork = ['case:read', 'case:report', 'case:attach'];
/** Holding a case at a tier: take it in, dispatch or summon, rule on returns and requests, rate, close. */
const caseDispatch = [
  'case:register',
  'case:dispatch',
  'case:escalate',
  'case:approve',
  'case:rate',
  'case:close',
];
/** 小事不出网格: a grid or community handles a small case itself, or escalates it. */
const caseSelfHandling = ['case:register', 'case:accept', 'case:resolve', 'case:escalate', 'case:rate'];

export const ROLE_PERMISSIONS: Record<Role, readonly string[]> = {
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
    'clients:manage',
    'webhooks:manage',
  ],
  street_dispatcher: [...registryRead, ...caseWork, ...caseDispatch, 'assessment:read', 'calendar:read'],
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

export function permissionsOf(roles: readonly string[]): string[] {
  const out = new Set<string>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role as Role] ?? []) out.add(p);
  return [...out].sort();
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
