import {
  AlertOutlined,
  ApartmentOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FlagOutlined,
  HomeOutlined,
  HeartOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import type { Permission } from '@yiwang/contracts/access';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/i18n';
import { landingOf } from '../pages/home/landing';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown only to users holding any of these permissions. */
  anyOf: Permission[];
  /** A module that comes next (party organisation, volunteers, funding): listed, not yet built. */
  planned?: boolean;
}

/** The menu, driven by the permissions the user's roles grant (GET /api/v1/auth/me). */
export const NAVIGATION: NavItem[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined />, anyOf: ['assessment:read', 'case:read'] },
  { path: '/dashboard', label: 'nav.dashboard', icon: <DashboardOutlined />, anyOf: ['assessment:read'] },
  { path: '/dispatch', label: 'nav.dispatch', icon: <AlertOutlined />, anyOf: ['case:read'] },
  { path: '/registry', label: 'nav.registry', icon: <ApartmentOutlined />, anyOf: ['registry:read'] },
  { path: '/calendar', label: 'nav.calendar', icon: <CalendarOutlined />, anyOf: ['calendar:read'] },
  {
    path: '/responsibility',
    label: 'nav.responsibility',
    icon: <ProfileOutlined />,
    anyOf: ['responsibility:read'],
  },
  { path: '/party', label: 'nav.party', icon: <FlagOutlined />, anyOf: ['registry:read'], planned: true },
  {
    path: '/volunteers',
    label: 'nav.volunteers',
    icon: <HeartOutlined />,
    anyOf: ['registry:read'],
    planned: true,
  },
  {
    path: '/funding',
    label: 'nav.funding',
    icon: <MoneyCollectOutlined />,
    anyOf: ['funding:approve', 'registry:write'],
    planned: true,
  },
];

/**
 * The items the user may open. Where the user's landing page is the dashboard (district and city admins),
 * `/` is the dashboard: one item, named so, rather than two leading to the same page.
 */
export function visibleNavigation(
  can: (permission: Permission) => boolean,
  roles: readonly string[] = [],
): NavItem[] {
  const dashboardHome = landingOf(roles) === 'dashboard';
  return NAVIGATION.filter((item) => item.anyOf.some(can))
    .filter((item) => !(dashboardHome && item.path === '/dashboard'))
    .map((item) =>
      dashboardHome && item.path === '/'
        ? { ...item, label: 'nav.dashboard', icon: <DashboardOutlined /> }
        : item,
    );
}
