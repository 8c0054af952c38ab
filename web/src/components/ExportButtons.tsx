import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { exportRows, type Column } from '../lib/export';

/** Export the whole filtered list (every page, capped) to CSV or Excel. */
export function ExportButtons<T>({
  name,
  columns,
  rows,
}: {
  name: string;
  columns: Column<T>[];
  rows: () => Promise<T[]>;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      const data = await rows();
      exportRows(format, name, columns, data);
      message.success(t('export.done', { count: data.length }));
    } catch {
      message.error(t('export.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'csv', label: t('export.csv') },
          { key: 'xlsx', label: t('export.xlsx') },
        ],
        onClick: ({ key }) => void run(key as 'csv' | 'xlsx'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy}>
        {t('export.button')}
      </Button>
    </Dropdown>
  );
}
