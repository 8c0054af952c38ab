import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../components/DataState';
import { useT } from '../../i18n/i18n';
import type { LoadResult } from './calendar-api';

/** Upload or paste a year's notice (JSON or YAML), say why, optionally activate at once. */
export function LoadDialog({
  open,
  onClose,
  onLoaded,
}: {
  open: boolean;
  onClose: () => void;
  onLoaded: (result: LoadResult) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [document, setDocument] = useState('');
  const [reason, setReason] = useState('');
  const [activate, setActivate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<LoadResult>('/api/v1/calendar/versions', {
        body: { document, reason, activate },
      });
      const { year, version } = result.version;
      message.success(
        result.created
          ? t('calendar.load.created', { year, version })
          : t('calendar.load.existing', { version }),
      );
      onLoaded(result);
      setDocument('');
      setReason('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? error.errors : [];
  return (
    <Modal
      open={open}
      title={t('calendar.load')}
      width={720}
      onCancel={onClose}
      okText={t('calendar.load.submit')}
      okButtonProps={{ disabled: !document.trim() || !reason.trim(), loading: busy }}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('calendar.load.help')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('calendar.load.file')}>
          <Upload
            accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then(setDocument);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('calendar.load.file')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item label={t('calendar.load.paste')}>
          <Input.TextArea
            aria-label={t('calendar.load.paste')}
            value={document}
            onChange={(e) => setDocument(e.target.value)}
            autoSize={{ minRows: 8, maxRows: 16 }}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            spellCheck={false}
          />
        </Form.Item>
        <Form.Item label={t('calendar.load.reason')} required>
          <Input
            aria-label={t('calendar.load.reason')}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
        <Checkbox checked={activate} onChange={(e) => setActivate(e.target.checked)}>
          {t('calendar.load.activate')}
        </Checkbox>
      </Form>
      {error !== null && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          role="alert"
          title={fieldErrors.length > 0 ? t('calendar.load.invalid') : errorText(t, error)}
          description={
            fieldErrors.length > 0 && (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {fieldErrors.map((f, i) => (
                  <li key={i}>
                    <code>{f.field}</code>：{f.message}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
    </Modal>
  );
}
