import { GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { LOCALES, useI18n, type MessageKey } from '../i18n/i18n';
import { visibleNavigation } from './navigation';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t, locale, setLocale } = useI18n();
  const { can, displayName, identity, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const items = visibleNavigation(can, identity?.roles ?? []);
  const selected =
    items
      .map((i) => i.path)
      .filter((p) => (p === '/' ? location.pathname === '/' : location.pathname.startsWith(p)))
      .sort((a, b) => b.length - a.length)[0] ?? '/';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={188} breakpoint="lg" collapsedWidth={64} theme="dark">
        <div
          style={{ color: '#fff', fontWeight: 600, fontSize: 16, padding: '16px 20px', whiteSpace: 'nowrap' }}
        >
          {t('app.title')}
        </div>
        <nav aria-label={t('nav.label')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            onClick={({ key }) => navigate(key)}
            items={items.map((item) => ({
              key: item.path,
              icon: item.icon,
              // Modules that come next: listed (their pages say so), in a quieter colour.
              label: item.planned ? <span title={t('nav.soon')}>{t(item.label)}</span> : t(item.label),
            }))}
          />
        </nav>
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle">
            <Space size={4}>
              <UserOutlined aria-hidden />
              <Typography.Text>{displayName}</Typography.Text>
              {identity?.roles.map((role) => (
                <Tag key={role}>{t(`role.${role}` as MessageKey)}</Tag>
              ))}
            </Space>
            <Select
              aria-label={t('app.language')}
              size="small"
              value={locale}
              onChange={setLocale}
              suffixIcon={<GlobalOutlined />}
              options={LOCALES.map((l) => ({ value: l, label: t(`locale.${l}` as MessageKey) }))}
              style={{ width: 104 }}
            />
            <Button
              size="small"
              icon={<LogoutOutlined />}
              onClick={() => void logout().then(() => navigate('/login'))}
            >
              {t('app.logout')}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 16, minWidth: 0 }}>
          <main>
            <ErrorBoundary key={location.pathname} title={t('error.generic')}>
              <Outlet />
            </ErrorBoundary>
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}
