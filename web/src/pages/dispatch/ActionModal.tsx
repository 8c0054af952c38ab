import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { listOf } from '../../api/types';
import { errorText } from '../../components/DataState';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { actionBody, type ActionInput, type CaseAction } from './actions';

interface Department {
  code: string;
  name: string;
}

export function useDepartments(unit: string | null, category?: string) {
  return useAsync(
    async (signal) =>
      unit
        ? listOf<Department>(
            await api.get<unknown, '/api/v1/registry/departments'>('/api/v1/registry/departments', {
              query: { unit, category },
              signal,
            }),
            'departments',
          )
        : [],
    [unit, category],
  );
}

/** Asks for what an action needs (department, note, days, rating) and posts it for one or many cases. */
export function ActionModal({
  action,
  caseIds,
  unit,
  category,
  onDone,
  onCancel,
}: {
  action: CaseAction;
  caseIds: string[];
  unit: string | null;
  category?: string;
  onDone: (failed: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<ActionInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const departments = useDepartments('department' in action ? unit : null, category);
  const title = t(`action.${action.action}` as MessageKey);

  const submit = async (input: ActionInput) => {
    setBusy(true);
    setError(null);
    const failed: string[] = [];
    let last: unknown = null;
    for (const id of caseIds) {
      try {
        await api.post(`/api/v1/cases/${id}/actions`, { body: actionBody(action, input) });
      } catch (e) {
        failed.push(id);
        last = e;
      }
    }
    setBusy(false);
    if (failed.length === caseIds.length) setError(last);
    else onDone(failed);
  };

  return (
    <Modal
      open
      title={caseIds.length > 1 ? t('dispatch.bulkTitle', { action: title, count: caseIds.length }) : title}
      okText={t('common.confirm')}
      onOk={() => form.submit()}
      confirmLoading={busy}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {'department' in action && action.department === 'one' && (
          <Form.Item
            name="department"
            label={t('dispatch.department')}
            rules={[{ required: true, message: t('dispatch.departmentRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.loading}
              options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
              notFoundContent={departments.error ? errorText(t, departments.error) : undefined}
            />
          </Form.Item>
        )}
        {'department' in action && action.department === 'many' && (
          <Form.Item
            name="departments"
            label={t('dispatch.departments')}
            rules={[{ required: true, type: 'array', min: 1, message: t('dispatch.departmentRequired') }]}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.loading}
              options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
            />
          </Form.Item>
        )}
        {'days' in action && (
          <Form.Item
            name="days"
            label={t('dispatch.days')}
            rules={[{ required: true, message: t('dispatch.daysRequired') }]}
          >
            <InputNumber min={1} max={30} precision={0} style={{ width: 120 }} />
          </Form.Item>
        )}
        {'rating' in action && (
          <Form.Item
            name="rating"
            label={t('dispatch.rating')}
            rules={[{ required: true, message: t('dispatch.ratingRequired') }]}
          >
            <Select
              options={(['satisfied', 'basically_satisfied', 'dissatisfied'] as const).map((r) => ({
                value: r,
                label: t(`rating.${r}`),
              }))}
            />
          </Form.Item>
        )}
        {'note' in action && (
          <Form.Item
            name="note"
            label={t('dispatch.note')}
            rules={[
              { required: true, whitespace: true, message: t('dispatch.noteRequired') },
              { max: 1000, message: t('form.max', { max: 1000 }) },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
      {error ? <Alert type="error" showIcon role="alert" title={errorText(t, error)} /> : null}
    </Modal>
  );
}
