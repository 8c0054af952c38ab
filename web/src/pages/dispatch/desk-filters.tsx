import { TreeSelect } from 'antd';
import { useState } from 'react';
import type { Unit } from '../../api/types';
import { childUnits } from '../../components/UnitTree';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';

/** The lifecycle states (libs/contracts case.subjects.ts CASE_STATES). */
export const CASE_STATES = [
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'returned',
  'in_progress',
  'suspended',
  'resolved',
  'rated',
  'closed',
] as const;
/** Intake channels (services/case/src/intake/case-channels.ts). */
export const CHANNELS = [
  'home_visit',
  'street_patrol',
  'petition',
  'video_patrol',
  'hotline_12345',
  'phone',
  'mailbox',
  'grid_worker',
  'resident',
  'department_system',
  'iot_alert',
] as const;

interface UnitOption {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
}

const toOption = (u: Unit): UnitOption => ({
  id: u.code,
  pId: u.parentCode || undefined,
  value: u.code,
  title: u.name,
  isLeaf: u.level === 'community',
});

export function UnitPicker({
  value,
  onChange,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
}) {
  const { t } = useI18n();
  const [options, setOptions] = useState<UnitOption[]>([]);
  useAsync(async () => setOptions((await childUnits(null)).map(toOption)), []);
  return (
    <TreeSelect
      aria-label={t('case.unit')}
      allowClear
      treeDataSimpleMode
      style={{ width: 180 }}
      value={value}
      onChange={onChange}
      treeData={options}
      loadData={async (node) => {
        const children = await childUnits(String(node.value));
        setOptions((current) => [
          ...current,
          ...children.map(toOption).filter((c) => !current.some((o) => o.id === c.id)),
        ]);
      }}
    />
  );
}
