import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Result, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useUiConfig } from '../app/ui-config';
import { useAuth } from '../auth/auth-context';
import { finishOidcLogin, startOidcLogin } from '../auth/oidc';
import { LOCALES, useI18n, type MessageKey } from '../i18n/i18n';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const { identity, login } = useAuth();
  const { oidc } = useUiConfig();
  const location = useLocation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (identity) return <Navigate to={from} replace />;

  const submit = async (values: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      void navigate(from, { replace: true });
    } catch (e) {
      const code = e instanceof ApiError ? e.code : '';
      setError(
        code === 'auth.locked'
          ? t('login.locked')
          : e instanceof ApiError && e.status === 401
            ? t('login.invalid')
            : t('error.network'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #7f1d1d 0%, #b91c1c 100%)',
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 24, textAlign: 'center', marginTop: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('login.subtitle')}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<LoginForm>
          layout="vertical"
          onFinish={(v) => void submit(v)}
          requiredMark={false}
          disabled={busy}
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        {oidc && (
          <Button
            block
            style={{ marginTop: 12 }}
            onClick={() => void startOidcLogin(oidc, from).catch(() => setError(t('login.oidcFailed')))}
          >
            {t('login.oidc')}
          </Button>
        )}
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <Select
            aria-label={t('app.language')}
            size="small"
            value={locale}
            onChange={setLocale}
            options={LOCALES.map((l) => ({ value: l, label: t(`locale.${l}` as MessageKey) }))}
            style={{ width: 110 }}
          />
        </div>
      </Card>
    </main>
  );
}

/** Where the OIDC provider sends the browser back with a code. */
export function OidcCallbackPage() {
  const { t } = useI18n();
  const { acceptTokens } = useAuth();
  const navigate = useNavigate();
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    finishOidcLogin(window.location.search)
      .then(async (to) => {
        await acceptTokens();
        void navigate(to, { replace: true });
      })
      .catch((e: Error) => setFailed(e.message));
  }, [acceptTokens, navigate]);
  if (failed) return <Result status="error" title={t('login.oidcFailed')} subTitle={failed} />;
  return <Spin fullscreen tip={t('state.loading')} />;
}
