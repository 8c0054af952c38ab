import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Case, CaseCategory, Grid } from '../../api/types';
import { errorText } from '../../components/DataState';
import { GeoMap, type MapFeature } from '../../components/GeoMap';
import { useI18n } from '../../i18n/i18n';
import { displayText } from '../../lib/display';

interface ReportInput {
  title: string;
  category: string;
  description?: string;
  grid: string;
}

/** 上报: a grid or community worker reports a case in one of their grids, with a location and photos. */
export function ReportForm({
  grids,
  categories,
  categoryName,
  onDone,
  onCancel,
}: {
  grids: Grid[];
  categories: CaseCategory[];
  categoryName: (code: string) => string;
  onDone: (created: Case, failedPhotos: number) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReportInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [at, setAt] = useState<{ lat: number; lng: number } | null>(null);
  const [photos, setPhotos] = useState<UploadFile[]>([]);

  const features: MapFeature[] = [
    ...grids
      .filter((g) => g.polygon)
      .map((g) => ({ id: g.code, geometry: g.polygon!, color: '#bae0ff', label: g.name })),
    ...(at
      ? [
          {
            id: 'here',
            geometry: { type: 'Point' as const, coordinates: [at.lng, at.lat] },
            color: '#cf1322',
          },
        ]
      : []),
  ];

  const submit = async (input: ReportInput) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<Case, '/api/v1/cases'>('/api/v1/cases', {
        body: {
          title: input.title,
          description: input.description ?? '',
          category: input.category,
          channel: 'grid_worker',
          unitCode: input.grid,
          ...(at ? { location: at } : {}),
        },
      });
      let failed = 0;
      for (const photo of photos) {
        const file = photo.originFileObj;
        if (!file) continue;
        try {
          await api.post(`/api/v1/cases/${created.id}/attachments`, {
            query: { name: file.name },
            raw: { body: file, type: file.type || 'application/octet-stream' },
          });
        } catch {
          failed += 1;
        }
      }
      onDone(created, failed);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('report.title')}
      okText={t('report.submit')}
      onOk={() => form.submit()}
      confirmLoading={busy}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ grid: grids[0]?.code }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="title"
          label={t('case.title')}
          rules={[
            { required: true, whitespace: true, message: t('report.titleRequired') },
            { max: 200, message: t('form.max', { max: 200 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('case.category')}
          rules={[{ required: true, message: t('report.categoryRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={categories.map((c) => ({ value: c.code, label: categoryName(c.code) }))}
          />
        </Form.Item>
        <Form.Item
          name="grid"
          label={t('report.grid')}
          rules={[{ required: true, message: t('report.gridRequired') }]}
        >
          <Select
            options={grids.map((g) => ({ value: g.code, label: displayText(g.name), title: g.code }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('case.description')}
          rules={[{ max: 10000, message: t('form.max', { max: 10000 }) }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item label={t('report.location')}>
          <GeoMap height={200} label={t('report.location')} features={features} onPick={setAt} />
          <Typography.Text type="secondary">
            {at
              ? t('report.locationAt', { lat: at.lat.toFixed(6), lng: at.lng.toFixed(6) })
              : t('report.locationHint')}
          </Typography.Text>
        </Form.Item>
        <Form.Item label={t('report.photos')}>
          <Upload
            accept="image/*"
            multiple
            listType="picture"
            fileList={photos}
            beforeUpload={() => false}
            onChange={({ fileList }) => setPhotos(fileList.slice(0, 9))}
          >
            <Button icon={<UploadOutlined />}>{t('report.addPhotos')}</Button>
          </Upload>
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon role="alert" title={errorText(t, error)} /> : null}
    </Modal>
  );
}
