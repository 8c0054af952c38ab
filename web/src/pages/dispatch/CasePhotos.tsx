import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Image, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api, fetchBlob } from '../../api/client';
import type { Attachment } from '../../api/types';
import { errorText } from '../../components/DataState';
import { useI18n } from '../../i18n/i18n';
import { isPhoto, photoPhase, photoProblem, PHOTO_TYPES, type PhotoPhase } from './photos';

/** Object URLs of the photos' bytes (the download needs the bearer token, so no plain <img src>). */
function usePhotoUrls(caseId: string, photos: Attachment[]): Map<string, string> {
  const [urls, setUrls] = useState(new Map<string, string>());
  const key = photos.map((p) => p.id).join(',');
  useEffect(() => {
    const controller = new AbortController();
    const made: string[] = [];
    void Promise.all(
      photos.map(async (p) => {
        try {
          const url = URL.createObjectURL(
            await fetchBlob(`/api/v1/cases/${caseId}/attachments/${p.id}`, controller.signal),
          );
          made.push(url);
          return [p.id, url] as const;
        } catch {
          return null;
        }
      }),
    ).then((pairs) => {
      if (!controller.signal.aborted)
        setUrls(new Map(pairs.filter((p): p is readonly [string, string] => p !== null)));
    });
    return () => {
      controller.abort();
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [caseId, key]);
  return urls;
}

/** 处置前 / 处置后: the case's photos as thumbnails (click to enlarge) and an upload with type and size checks. */
export function CasePhotos({
  caseId,
  attachments,
  timeline,
  canUpload,
  onUploaded,
}: {
  caseId: string;
  attachments: Attachment[];
  timeline: readonly { toState: string; occurredAt: string }[];
  canUpload: boolean;
  onUploaded: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const photos = attachments.filter(isPhoto);
  const urls = usePhotoUrls(caseId, photos);
  const upload = async (file: File) => {
    const problem = photoProblem(file);
    if (problem) {
      message.error(t(problem, { name: file.name }));
      return;
    }
    setBusy(true);
    try {
      await api.post(`/api/v1/cases/${caseId}/attachments?name=${encodeURIComponent(file.name)}`, {
        raw: { body: file, type: file.type },
      });
      message.success(t('photo.uploaded', { name: file.name }));
      onUploaded();
    } catch (e) {
      message.error(`${t('photo.failed')}：${errorText(t, e)}`);
    } finally {
      setBusy(false);
    }
  };
  const group = (phase: PhotoPhase) => {
    const shown = photos.filter((p) => photoPhase(p, timeline) === phase);
    return (
      <div data-photos={phase}>
        <Typography.Text type="secondary">
          {t(`photo.${phase}`)}（{shown.length}）
        </Typography.Text>
        {shown.length ? (
          <Image.PreviewGroup>
            <Space wrap size={6} style={{ display: 'flex', marginTop: 4 }}>
              {shown.map((p) => (
                <Image
                  key={p.id}
                  width={72}
                  height={72}
                  style={{ objectFit: 'cover' }}
                  src={urls.get(p.id)}
                  alt={t('photo.alt', { phase: t(`photo.${phase}`), name: p.name })}
                />
              ))}
            </Space>
          </Image.PreviewGroup>
        ) : (
          <Empty description={t('photo.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </div>
    );
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      {group('before')}
      {group('after')}
      {canUpload && (
        <Upload
          accept={PHOTO_TYPES.join(',')}
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            // The upload goes through the API client (token, problem+json), not antd's own request.
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={busy}>
            {t('photo.upload')}
          </Button>
        </Upload>
      )}
    </Space>
  );
}
