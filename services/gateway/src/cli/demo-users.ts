import { randomBytes } from 'node:crypto';
import type { Role } from '@yiwang/contracts';

export interface DemoUnits {
  city: string;
  district: string;
  street: string;
  community: string;
  grid: string;
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  department: string | null;
}

/** One demo user per role, each placed where that role works in the demo district. */
export function demoUsers(units: DemoUnits): DemoUser[] {
  return [
    {
      username: 'city.admin',
      displayName: '市级管理员',
      role: 'city_admin',
      unit: units.city,
      department: null,
    },
    {
      username: 'district.admin',
      displayName: '区级管理员',
      role: 'district_admin',
      unit: units.district,
      department: null,
    },
    {
      username: 'street.dispatcher',
      displayName: '街道派单员',
      role: 'street_dispatcher',
      unit: units.street,
      department: null,
    },
    {
      username: 'community.worker',
      displayName: '社区工作者',
      role: 'community_worker',
      unit: units.community,
      department: null,
    },
    {
      username: 'grid.worker',
      displayName: '网格员',
      role: 'grid_worker',
      unit: units.grid,
      department: null,
    },
    {
      username: 'dept.handler',
      displayName: '城管部门承办人',
      role: 'department_handler',
      unit: units.district,
      department: `${units.district}-urban_management`,
    },
    {
      username: 'supervisor',
      displayName: '督办员',
      role: 'supervisor',
      unit: units.district,
      department: null,
    },
  ];
}

/** A password nobody else has: 18 random characters, readable enough to type. */
export function randomPassword(): string {
  return randomBytes(14).toString('base64url').slice(0, 18);
}
