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
      theme={{ token: { colorPrimary: '#c0392b', borderRadius: 4 } }}
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
