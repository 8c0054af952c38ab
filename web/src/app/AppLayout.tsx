import { DownOutlined, GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { LOCALES, useI18n, type MessageKey } from '../i18n/i18n';
import { useNames } from '../lib/names';
import { visibleNavigation } from './navigation';
import { NotificationBell } from './NotificationBell';

const { Header, Sider, Content } = Layout;
/** The sider's state is the user's choice, kept across reloads and logins on this browser. */
const SIDER_KEY = 'yiwang.sider.collapsed';

function storedCollapsed(): boolean {
  try {
    return localStorage.getItem(SIDER_KEY) === '1';
  } catch {
    return false;
  }
}

/** Who is logged in: name, role(s) and unit by name (the code on hover), and logout. */
function UserMenu() {
  const { t } = useI18n();
  const { displayName, identity, scopeUnit, logout } = useAuth();
  const navigate = useNavigate();
  const nameOf = useNames([scopeUnit, identity?.department]);
  const roles = (identity?.roles ?? []).map((role) => t(`role.${role}` as MessageKey)).join('、');
  const unit = [
    scopeUnit ? nameOf(scopeUnit) : null,
    identity?.department ? nameOf(identity.department) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <Space direction="vertical" size={0} style={{ color: 'rgba(0, 0, 0, 0.88)' }}>
                <Typography.Text strong>{displayName}</Typography.Text>
                <Typography.Text>{t('user.role', { roles })}</Typography.Text>
                <Typography.Text title={[scopeUnit, identity?.department].filter(Boolean).join(' · ')}>
                  {t('user.unit', { unit: unit || '—' })}
                </Typography.Text>
              </Space>
            ),
          },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('app.logout') },
        ],
        onClick: ({ key }) => {
          if (key === 'logout') void logout().then(() => navigate('/login'));
        },
      }}
    >
      <Button type="text" title={t('user.menu', { name: displayName })}>
        <Space size={6}>
          <UserOutlined aria-hidden />
          <span>{displayName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[roles, unit].filter(Boolean).join(' · ')}
          </Typography.Text>
          <DownOutlined aria-hidden style={{ fontSize: 10 }} />
        </Space>
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const { t, locale, setLocale } = useI18n();
  const { can, identity } = useAuth();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(storedCollapsed);
  const collapse = (value: boolean) => {
    setCollapsed(value);
    try {
      localStorage.setItem(SIDER_KEY, value ? '1' : '0');
    } catch {
      /* private mode: remembered for this page only */
    }
  };
  const location = useLocation();
  const items = visibleNavigation(can, identity?.roles ?? []);
  const selected =
    items
      .map((i) => i.path)
      .filter((p) => (p === '/' ? location.pathname === '/' : location.pathname.startsWith(p)))
      .sort((a, b) => b.length - a.length)[0] ?? '/';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        width={188}
        collapsedWidth={64}
        theme="dark"
        collapsible
        collapsed={collapsed}
        onCollapse={collapse}
        trigger={
          <span role="button" aria-label={t(collapsed ? 'app.expand' : 'app.collapse')}>
            {collapsed ? '»' : '«'}
          </span>
        }
      >
        <div
          style={{ color: '#fff', fontWeight: 600, fontSize: 16, padding: '16px 20px', whiteSpace: 'nowrap' }}
          title={t('app.title')}
        >
          {collapsed ? t('app.short') : t('app.title')}
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
            <NotificationBell />
            <UserMenu />
            <Select
              aria-label={t('app.language')}
              size="small"
              value={locale}
              onChange={setLocale}
              suffixIcon={<GlobalOutlined />}
              options={LOCALES.map((l) => ({ value: l, label: t(`locale.${l}` as MessageKey) }))}
              style={{ width: 104 }}
            />
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
