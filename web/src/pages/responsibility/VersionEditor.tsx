import { App, Button, Checkbox, Drawer, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { errorText } from '../../components/DataState';
import { useI18n, useT } from '../../i18n/i18n';
import { useCategories } from '../../lib/use-categories';
import type { DepartmentKind, NewVersionBody, ResponsibilityVersion } from './responsibility-api';

const LEVELS = ['district', 'street', 'community'] as const;
type Level = (typeof LEVELS)[number];
/** A line as the create route takes it (codes typed from the OpenAPI document). */
type Row = NewVersionBody['entries'][number];
const keyOf = (r: Pick<Row, 'category' | 'level'>) => `${r.category}/${r.level}`;

/**
 * A new version of the 权责清单, started as a copy of the one shown (normally the active one): change a
 * line's department or deadline, add a category × level, drop a line; say why; optionally make it active
 * at once with its own reason. The gateway checks the whole list again.
 */
export function VersionEditor({
  base,
  kinds,
  open,
  onClose,
  onSaved,
}: {
  base: ResponsibilityVersion | null;
  kinds: DepartmentKind[];
  open: boolean;
  onClose: () => void;
  onSaved: (version: number) => void;
}) {
  const t = useT();
  const { locale } = useI18n();
  const { message } = App.useApp();
  const { categories, categoryName } = useCategories();
  const [rows, setRows] = useState<Row[]>([]);
  const [reason, setReason] = useState('');
  const [activate, setActivate] = useState(false);
  const [activationReason, setActivationReason] = useState('');
  const [adding, setAdding] = useState<{ category?: string; level?: Level }>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open || !base) return;
    setRows(
      // The answer names codes as plain strings; they are the catalogue's, as the route expects.
      base.entries.map(({ category, level, departmentKind, deadlineWorkingHours }) => ({
        category: category as Row['category'],
        level,
        departmentKind: departmentKind as Row['departmentKind'],
        deadlineWorkingHours,
      })),
    );
    setReason('');
    setActivate(false);
    setActivationReason('');
  }, [open, base]);

  const kindOptions = kinds.map((k) => ({ value: k.code, label: locale === 'zh-CN' ? k.nameZh : k.nameEn }));
  const taken = useMemo(() => new Set(rows.map(keyOf)), [rows]);
  const update = (row: Row, change: Partial<Row>) =>
    setRows((all) => all.map((r) => (keyOf(r) === keyOf(row) ? { ...r, ...change } : r)));

  const add = () => {
    const { category, level } = adding;
    if (!category || !level || taken.has(`${category}/${level}`)) return;
    const kind = categories.data?.find((c) => c.code === category)?.defaultDepartmentKind ?? kinds[0]?.code;
    setRows((all) => [
      ...all,
      {
        category: category as Row['category'],
        level,
        departmentKind: (kind ?? '') as Row['departmentKind'],
        deadlineWorkingHours: 40,
      },
    ]);
    setAdding({});
  };

  const save = async () => {
    setSaving(true);
    try {
      const body: NewVersionBody = {
        entries: rows,
        reason: reason.trim(),
        basedOn: base?.version,
        activate,
        ...(activate ? { activationReason: activationReason.trim() } : {}),
      };
      const saved = await api.post<ResponsibilityVersion>('/api/v1/responsibilities/versions', { body });
      message.success(t('responsibility.editor.saved', { version: saved.version }));
      onSaved(saved.version);
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };

  const ready =
    reason.trim().length > 0 && rows.length > 0 && (!activate || activationReason.trim().length > 0);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={980}
      title={t('responsibility.editor.title', { version: base?.version ?? 0 })}
      extra={
        <Space>
          <Button onClick={onClose}>{t('responsibility.editor.cancel')}</Button>
          <Button type="primary" loading={saving} disabled={!ready} onClick={() => void save()}>
            {t('responsibility.editor.save')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          aria-label={t('responsibility.editor.reason')}
          placeholder={t('responsibility.editor.reason')}
          value={reason}
          maxLength={500}
          autoSize={{ minRows: 2 }}
          onChange={(e) => setReason(e.target.value)}
        />
        <Space wrap>
          <Checkbox checked={activate} onChange={(e) => setActivate(e.target.checked)}>
            {t('responsibility.editor.activate')}
          </Checkbox>
          {activate && (
            <Input
              aria-label={t('responsibility.activate.reason')}
              placeholder={t('responsibility.activate.reason')}
              value={activationReason}
              maxLength={500}
              style={{ width: 420 }}
              onChange={(e) => setActivationReason(e.target.value)}
            />
          )}
        </Space>
        <Space wrap>
          <Select
            showSearch
            optionFilterProp="label"
            aria-label={t('responsibility.col.category')}
            placeholder={t('responsibility.col.category')}
            style={{ width: 180 }}
            value={adding.category}
            onChange={(category: string) => setAdding((a) => ({ ...a, category }))}
            options={(categories.data ?? []).map((c) => ({ value: c.code, label: categoryName(c.code) }))}
          />
          <Select
            aria-label={t('responsibility.col.level')}
            placeholder={t('responsibility.col.level')}
            style={{ width: 120 }}
            value={adding.level}
            onChange={(level: Level) => setAdding((a) => ({ ...a, level }))}
            options={LEVELS.map((l) => ({ value: l, label: t(`responsibility.level.${l}`) }))}
          />
          <Button
            onClick={add}
            disabled={!adding.category || !adding.level || taken.has(`${adding.category}/${adding.level}`)}
          >
            {t('responsibility.editor.add')}
          </Button>
          <Typography.Text type="secondary" role="status">
            {t('responsibility.entries.count', { count: rows.length })}
          </Typography.Text>
        </Space>
        <Table<Row>
          size="small"
          rowKey={keyOf}
          dataSource={rows}
          pagination={{ pageSize: 12, showSizeChanger: false, hideOnSinglePage: true }}
          columns={[
            { title: t('responsibility.col.category'), render: (_, r) => categoryName(r.category) },
            { title: t('responsibility.col.level'), render: (_, r) => t(`responsibility.level.${r.level}`) },
            {
              title: t('responsibility.col.department'),
              render: (_, r) => (
                <Select
                  aria-label={`${categoryName(r.category)} ${t(`responsibility.level.${r.level}`)} ${t('responsibility.col.department')}`}
                  style={{ width: 200 }}
                  value={r.departmentKind}
                  onChange={(departmentKind: Row['departmentKind']) => update(r, { departmentKind })}
                  options={kindOptions}
                />
              ),
            },
            {
              title: t('responsibility.col.deadline'),
              render: (_, r) => (
                <InputNumber
                  aria-label={`${categoryName(r.category)} ${t(`responsibility.level.${r.level}`)} ${t('responsibility.col.deadline')}`}
                  min={0.25}
                  max={10000}
                  step={1}
                  precision={2}
                  value={r.deadlineWorkingHours}
                  onChange={(v) => v !== null && update(r, { deadlineWorkingHours: Number(v) })}
                />
              ),
            },
            {
              title: '',
              render: (_, r) => (
                // Not `danger`: Ant's red text on white is below 4.5:1 at this size.
                <Button
                  size="small"
                  onClick={() => setRows((all) => all.filter((x) => keyOf(x) !== keyOf(r)))}
                >
                  {t('responsibility.editor.remove')}
                </Button>
              ),
            },
          ]}
        />
      </Space>
    </Drawer>
  );
}
