import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Progress, Space, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api, fetchBlob } from '../../api/client';
import type { ImportJob } from '../../api/types';
import { errorText } from '../../components/DataState';
import { useI18n } from '../../i18n/i18n';
import { exportRows, type Column } from '../../lib/export';
import { parseErrorsCsv, readReason, type ImportProblem } from './import-reasons';

const POLL_MS = 1000;

/** CSV import of households and residents: upload, a job with live progress, the rejected lines as CSV. */
export function ImportPanel() {
  const { t, locale } = useI18n();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);

  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const timer = setTimeout(() => {
      api.get<ImportJob>(`/api/v1/registry/imports/${job.id}`).then(setJob, (e: unknown) => setError(e));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  // A finished job's rejected lines, read as row, field and reason in the user's language.
  const finishedWithErrors = job && job.status !== 'running' && job.errorsCount > 0 ? job.links.errors : null;
  useEffect(() => {
    setProblems(null);
    if (!finishedWithErrors) return;
    const controller = new AbortController();
    fetchBlob(finishedWithErrors, controller.signal)
      .then((blob) => blob.text())
      .then(
        (csv) => setProblems(parseErrorsCsv(csv).flatMap((row) => readReason(row.line, row.reason, locale))),
        (e: unknown) => controller.signal.aborted || setError(e),
      );
    return () => controller.abort();
  }, [finishedWithErrors, locale]);
  const problemColumns: Column<ImportProblem>[] = [
    { title: t('import.line'), value: (p) => p.line },
    { title: t('import.field'), value: (p) => p.column ?? t('import.wholeLine') },
    { title: t('import.reason'), value: (p) => p.reason },
  ];

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

  const downloadErrors = () => {
    if (job && problems)
      exportRows('csv', t('import.errorsFile', { file: job.fileName }), problemColumns, problems);
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
            <>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text strong>
                  {t('import.errorReport', { count: job.errorsCount })}
                </Typography.Text>
                <Button icon={<DownloadOutlined />} disabled={!problems} onClick={downloadErrors}>
                  {t('import.errors', { count: job.errorsCount })}
                </Button>
              </Space>
              <Table<ImportProblem>
                size="small"
                loading={!problems && job.status !== 'running'}
                rowKey={(p) => `${p.line}:${p.column ?? ''}:${p.reason}`}
                dataSource={problems ?? []}
                pagination={{ pageSize: 10, size: 'small', showTotal: (total) => t('list.total', { total }) }}
                columns={problemColumns.map((c, i) => ({
                  title: c.title,
                  key: i,
                  width: i === 0 ? 72 : i === 1 ? 120 : undefined,
                  render: (_: unknown, p: ImportProblem) => c.value(p),
                }))}
              />
            </>
          )}
        </>
      )}
    </Space>
  );
}
