import { Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n';

/** Asks why a version becomes the active one; the reason is kept with the activation. */
export function ActivateDialog({
  version,
  onCancel,
  onConfirm,
}: {
  version: number | null;
  onCancel: () => void;
  onConfirm: (version: number, reason: string) => Promise<void>;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setReason(''), [version]);
  return (
    <Modal
      open={version !== null}
      title={t('responsibility.activate.title', { version: version ?? 0 })}
      okText={t('responsibility.activate')}
      cancelText={t('responsibility.editor.cancel')}
      okButtonProps={{ disabled: reason.trim().length === 0, loading: busy }}
      onCancel={onCancel}
      onOk={async () => {
        if (version === null) return;
        setBusy(true);
        try {
          await onConfirm(version, reason.trim());
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph>
        {t('responsibility.activate.confirm', { version: version ?? 0 })}
      </Typography.Paragraph>
      <Input.TextArea
        aria-label={t('responsibility.activate.reason')}
        placeholder={t('responsibility.activate.reason')}
        value={reason}
        maxLength={500}
        autoSize={{ minRows: 2 }}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}
