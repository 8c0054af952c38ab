import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/** The columns a user hid, remembered per user in this browser. */
export function useHiddenColumns(listName: string, user: string): [string[], (hidden: string[]) => void] {
  const storageKey = `yiwang.columns.${listName}.${user}`;
  const read = () => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
      return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  };
  const [hidden, setHidden] = useState<string[]>(read);
  const update = useCallback(
    (next: string[]) => {
      setHidden(next);
      localStorage.setItem(storageKey, JSON.stringify(next));
    },
    [storageKey],
  );
  return [hidden, update];
}

/** 列设置: show or hide each column (at least one stays). */
export function ColumnSettings({
  columns,
  hidden,
  onChange,
}: {
  columns: { key: string; title: string }[];
  hidden: string[];
  onChange: (hidden: string[]) => void;
}) {
  const { t } = useI18n();
  const shown = columns.map((c) => c.key).filter((k) => !hidden.includes(k));
  return (
    <Popover
      trigger="click"
      title={t('columns.title')}
      content={
        <Space direction="vertical">
          <Checkbox.Group
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            value={shown}
            options={columns.map((c) => ({
              value: c.key,
              label: c.title,
              disabled: shown.length === 1 && shown[0] === c.key,
            }))}
            onChange={(keys) => onChange(columns.map((c) => c.key).filter((k) => !keys.includes(k)))}
          />
          <Button size="small" type="link" onClick={() => onChange([])}>
            {t('columns.reset')}
          </Button>
        </Space>
      }
    >
      <Button icon={<SettingOutlined />} aria-label={t('columns.title')}>
        {t('columns.title')}
      </Button>
    </Popover>
  );
}
