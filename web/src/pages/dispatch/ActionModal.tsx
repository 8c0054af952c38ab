import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { listOf } from '../../api/lists';
import { errorText } from '../../components/DataState';
import { labelOf, useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { CasePicker } from './CasePicker';
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

/** Asks for what an action needs (department, reason, hours, rating …) and posts it for one or many cases. */
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
  const has = (field: CaseAction['fields'][number]) => action.fields.includes(field);
  const needsDepartments = has('department') || has('coHandlers');
  const departments = useDepartments(needsDepartments ? unit : null, category);
  const departmentOptions = (departments.data ?? []).map((d) => ({ value: d.code, label: d.name }));
  const title = labelOf(t, 'action', action.action);

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
        {has('department') && (
          <Form.Item
            name="department"
            label={t('dispatch.department')}
            rules={[{ required: true, message: t('dispatch.departmentRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.loading}
              options={departmentOptions}
              notFoundContent={departments.error ? errorText(t, departments.error) : undefined}
            />
          </Form.Item>
        )}
        {has('coHandlers') && (
          <>
            <Form.Item
              name="departments"
              label={t('dispatch.departments')}
              rules={[{ required: true, type: 'array', min: 1, message: t('dispatch.departmentRequired') }]}
            >
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                loading={departments.loading}
                options={departmentOptions}
              />
            </Form.Item>
            <Form.Item
              name="task"
              label={t('dispatch.task')}
              rules={[
                { required: true, whitespace: true, message: t('dispatch.taskRequired') },
                { max: 500, message: t('form.max', { max: 500 }) },
              ]}
            >
              <Input />
            </Form.Item>
          </>
        )}
        {has('decision') && (
          <Form.Item
            name="decision"
            label={t('dispatch.decision')}
            rules={[{ required: true, message: t('dispatch.decisionRequired') }]}
          >
            <Select
              options={(['uphold', 'reject'] as const).map((d) => ({ value: d, label: t(`decision.${d}`) }))}
            />
          </Form.Item>
        )}
        {has('hours') && (
          <Form.Item
            name="hours"
            label={t('dispatch.hours')}
            rules={[{ required: true, message: t('dispatch.hoursRequired') }]}
          >
            <InputNumber min={1} max={720} precision={0} style={{ width: 140 }} />
          </Form.Item>
        )}
        {has('rating') && (
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
        {has('closeReason') && (
          <Form.Item
            name="closeReason"
            label={t('dispatch.closeReason')}
            rules={[{ required: true, message: t('dispatch.closeReasonRequired') }]}
          >
            <Select
              options={(['resolved', 'invalid', 'duplicate'] as const).map((r) => ({
                value: r,
                label: t(`closeReason.${r}`),
              }))}
            />
          </Form.Item>
        )}
        {has('targetUnit') && (
          <Form.Item name="targetUnit" label={t('dispatch.targetUnit')}>
            <Input maxLength={40} placeholder={t('dispatch.targetUnitPlaceholder')} />
          </Form.Item>
        )}
        {has('intoCaseId') && (
          <Form.Item
            name="intoCaseId"
            label={t('dispatch.intoCaseId')}
            rules={[{ required: true, message: t('dispatch.intoCaseIdRequired') }]}
          >
            <CasePicker exclude={caseIds[0]} unit={unit} category={category} />
          </Form.Item>
        )}
        {has('result') && (
          <Form.Item
            name="result"
            label={t('dispatch.result')}
            rules={[
              { required: true, whitespace: true, message: t('dispatch.resultRequired') },
              { max: 10000, message: t('form.max', { max: 10000 }) },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {(has('reason') || has('reasonOptional')) && (
          <Form.Item
            name="reason"
            label={t('dispatch.reason')}
            rules={[
              ...(has('reason')
                ? [{ required: true, whitespace: true, message: t('dispatch.reasonRequired') }]
                : []),
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
