import { lazy } from 'react';
import { useAuth } from '../../auth/auth-context';
import { landingOf } from './landing';

const DashboardPage = lazy(() => import('../dashboard/DashboardPage'));
const SupervisionHome = lazy(() => import('./SupervisionHome'));
const DispatcherHome = lazy(() => import('./DispatcherHome'));
const HandlerHome = lazy(() => import('./HandlerHome'));
const ReporterHome = lazy(() => import('./ReporterHome'));

/** `/`: the page made for the user's role (issue 13); admins land on the dashboard. */
export default function HomePage() {
  const { identity } = useAuth();
  switch (landingOf(identity?.roles ?? [])) {
    case 'supervision':
      return <SupervisionHome />;
    case 'dispatcher':
      return <DispatcherHome />;
    case 'handler':
      return <HandlerHome />;
    case 'reporter':
      return <ReporterHome />;
    default:
      return <DashboardPage />;
  }
}
