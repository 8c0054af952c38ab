import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { AuthProvider } from '../src/auth/auth-context';
import { I18nProvider } from '../src/i18n/i18n';

/** Renders inside the providers the app has (Chinese, auth, router) at a path. */
export function renderApp(ui: ReactElement, path = '/') {
  return render(
    <I18nProvider locale="zh-CN">
      <ConfigProvider locale={zhCN}>
        <AntApp>
          <AuthProvider>
            <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
          </AuthProvider>
        </AntApp>
      </ConfigProvider>
    </I18nProvider>,
  );
}

export const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
