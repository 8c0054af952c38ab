import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter } from 'react-router';
import { AuthProvider } from '../auth/auth-context';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { AppRoutes } from './routes';
import { UiConfigProvider } from './ui-config';

function Themed() {
  const { locale, t } = useI18n();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      form={{ validateMessages: { required: t('form.required', { label: '${label}' }) } }}
      theme={{
        // Text and link colours with at least 4.5:1 contrast on white (WCAG AA; axe checks it in the e2e).
        token: {
          colorPrimary: '#c0392b',
          colorLink: '#0958d9',
          colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
          borderRadius: 4,
        },
      }}
    >
      <AntApp>
        <UiConfigProvider>
          <AuthProvider>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </AuthProvider>
        </UiConfigProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
