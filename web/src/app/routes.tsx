import type { Permission } from '@yiwang/contracts/access';
import { Result, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { CALLBACK_PATH } from '../auth/oidc';
import { useT } from '../i18n/i18n';
import { LoginPage, OidcCallbackPage } from '../pages/LoginPage';
import { AppLayout } from './AppLayout';
import { NAVIGATION } from './navigation';

// Pages load on first visit: the map and chart libraries stay out of the login page.
const HomePage = lazy(() => import('../pages/home/HomePage'));
const DashboardPage = lazy(() => import('../pages/dashboard/DashboardPage'));
const DispatchPage = lazy(() => import('../pages/dispatch/DispatchPage'));
const RegistryPage = lazy(() => import('../pages/registry/RegistryPage'));
const CalendarPage = lazy(() => import('../pages/calendar/CalendarPage'));
const ResponsibilityPage = lazy(() => import('../pages/responsibility/ResponsibilityPage'));

function Loading() {
  const t = useT();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin tip={t('state.loading')}>
        <div style={{ height: 48 }} />
      </Spin>
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { identity } = useAuth();
  const location = useLocation();
  if (identity === undefined) return <Loading />;
  if (identity === null)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

function Guard({ anyOf, children }: { anyOf: Permission[]; children: ReactNode }) {
  const { can } = useAuth();
  const t = useT();
  if (!anyOf.some(can)) return <Result status="403" title="403" subTitle={t('error.forbidden')} />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function Planned({ path }: { path: string }) {
  const t = useT();
  const item = NAVIGATION.find((n) => n.path === path)!;
  return <Result status="info" title={t(item.label)} subTitle={t('nav.planned')} />;
}

function NotFound() {
  const t = useT();
  return <Result status="404" title="404" subTitle={t('error.notFoundPage')} />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path={CALLBACK_PATH} element={<OidcCallbackPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route
          index
          element={
            <Guard anyOf={['assessment:read', 'case:read']}>
              <HomePage />
            </Guard>
          }
        />
        <Route
          path="dashboard"
          element={
            <Guard anyOf={['assessment:read', 'case:read']}>
              <DashboardPage />
            </Guard>
          }
        />
        <Route
          path="dispatch/*"
          element={
            <Guard anyOf={['case:read']}>
              <DispatchPage />
            </Guard>
          }
        />
        <Route
          path="registry/*"
          element={
            <Guard anyOf={['registry:read']}>
              <RegistryPage />
            </Guard>
          }
        />
        <Route
          path="calendar"
          element={
            <Guard anyOf={['calendar:read']}>
              <CalendarPage />
            </Guard>
          }
        />
        <Route
          path="responsibility"
          element={
            <Guard anyOf={['responsibility:read']}>
              <ResponsibilityPage />
            </Guard>
          }
        />
        {NAVIGATION.filter((n) => n.planned).map((n) => (
          <Route key={n.path} path={n.path.slice(1)} element={<Planned path={n.path} />} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
