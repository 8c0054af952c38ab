import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useT, type Translate } from '../i18n/i18n';

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network');
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 404) return t('error.notFound');
    if (error.status === 503) return t('error.unavailable');
    return error.message || t('error.generic');
  }
  return t('error.generic');
}

/** Loading, error (with retry) and empty states around any block of content. */
export function DataState({
  loading,
  error,
  empty,
  onRetry,
  children,
  minHeight = 120,
}: {
  loading: boolean;
  error?: unknown;
  empty?: boolean;
  onRetry?: () => void;
  children?: ReactNode;
  minHeight?: number;
}) {
  const t = useT();
  if (error)
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={errorText(t, error)}
        action={
          onRetry && (
            <Button size="small" onClick={onRetry}>
              {t('state.retry')}
            </Button>
          )
        }
      />
    );
  if (loading && !children)
    return (
      <div style={{ minHeight, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin tip={t('state.loading')}>
          <div style={{ width: 48, height: 48 }} />
        </Spin>
      </div>
    );
  if (empty && !loading) return <Empty description={t('state.empty')} />;
  return <Spin spinning={loading}>{children}</Spin>;
}
