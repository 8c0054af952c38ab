import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Progress, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api, fetchBlob } from '../../api/client';
import type { ImportJob } from '../../api/types';
import { errorText } from '../../components/DataState';
import { useT } from '../../i18n/i18n';
import { download } from '../../lib/export';

const POLL_MS = 1000;

/** CSV import of households and residents: upload, a job with live progress, the rejected lines as CSV. */
export function ImportPanel() {
  const t = useT();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);

  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const timer = setTimeout(() => {
      api.get<ImportJob>(`/api/v1/registry/imports/${job.id}`).then(setJob, (e: unknown) => setError(e));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const upload = async (file: File) => {
    setUploading(true);
    setError(null);
    setJob(null);
    try {
      setJob(
        await api.post<ImportJob>('/api/v1/registry/imports', {
          query: { fileName: file.name },
          raw: { body: file, type: 'text/csv' },
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  const downloadErrors = async () => {
    if (!job) return;
    try {
      download(`${job.fileName}-errors.csv`, await fetchBlob(job.links.errors), 'text/csv;charset=utf-8');
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('import.help')}</Typography.Paragraph>
      <Upload
        accept=".csv,text/csv"
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={uploading} type="primary">
          {t('import.choose')}
        </Button>
      </Upload>
      {error ? <Alert type="error" showIcon role="alert" title={errorText(t, error)} /> : null}
      {job && (
        <>
          <Progress
            percent={Math.round(job.progress * 100)}
            status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
            aria-label={t('import.progress')}
          />
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('import.file')}>{job.fileName}</Descriptions.Item>
            <Descriptions.Item label={t('import.status')}>
              {t(`import.state.${job.status}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('import.rate')}>
              {t('import.rateValue', { rate: job.rowsPerSecond })}
            </Descriptions.Item>
            <Descriptions.Item label={t('import.rowsRead')}>{job.rowsRead}</Descriptions.Item>
            <Descriptions.Item label={t('import.rowsImported')}>{job.rowsImported}</Descriptions.Item>
            <Descriptions.Item label={t('import.rowsUnchanged')}>{job.rowsUnchanged}</Descriptions.Item>
            <Descriptions.Item label={t('import.rowsFailed')}>{job.rowsFailed}</Descriptions.Item>
            <Descriptions.Item label={t('import.eta')}>
              {job.etaSeconds === null ? '—' : t('import.seconds', { seconds: job.etaSeconds })}
            </Descriptions.Item>
          </Descriptions>
          {job.failure && <Alert type="error" showIcon title={job.failure} />}
          {job.errorsCount > 0 && (
            <Button icon={<DownloadOutlined />} onClick={() => void downloadErrors()}>
              {t('import.errors', { count: job.errorsCount })}
            </Button>
          )}
        </>
      )}
    </Space>
  );
}
