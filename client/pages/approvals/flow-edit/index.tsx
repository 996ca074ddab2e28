import '../messages';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button, Tag } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import {
  APPROVAL_FIELDS, APPROVAL_KINDS, PARTNER_LEVEL_FIELD, type ApprovalCondition, type ApprovalFlow, type ApprovalKind, type ApproverRule,
} from '../../../../types/approvals';
import { fenToYuanText, yuanTextToFen } from '../../../../types/money';
import { ChoiceField, FormActions, MultiChoiceField, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { describeError, ErrorView } from '../../../components/StateViews';
import { confirmAction } from '../../../components/confirmAction';
import { useRecord } from '../../../components/useRecord';
import { useI18n, type MessageKey } from '../../../i18n';
import { ApiError } from '../../../services/http-client';
import { goBack } from '../../../services/navigation';
import { useLevels, useUpstreamStaff } from '../../../services/reference';
import { approvalsApi } from '../approvals-api';

/** A condition as typed: amounts in yuan, percentages as whole points, levels as a set. */
interface ConditionDraft {
  field: string;
  op: ApprovalCondition['op'];
  text: string;
  levelIds: string[];
}
interface StepDraft {
  name: string;
  approvers: ApproverRule[];
}

const toDraft = (condition: ApprovalCondition): ConditionDraft => ({
  field: condition.field,
  op: condition.op,
  text: typeof condition.value === 'number' ? (condition.field === 'amount' ? fenToYuanText(condition.value) : String(condition.value)) : '',
  levelIds: Array.isArray(condition.value) ? condition.value : typeof condition.value === 'string' ? [condition.value] : [],
});

function toCondition(draft: ConditionDraft): ApprovalCondition {
  if (draft.field === PARTNER_LEVEL_FIELD) return { field: draft.field, op: 'in', value: draft.levelIds };
  const value = draft.field === 'amount' ? (yuanTextToFen(draft.text) ?? Number.NaN) : Number(draft.text.trim() || Number.NaN);
  return { field: draft.field, op: draft.op, value };
}

const ruleKey = (rule: ApproverRule) => (rule.type === 'user' ? `user:${rule.userId}` : rule.type === 'role' ? `role:${rule.role}` : 'channel_manager');
function ruleOf(key: string): ApproverRule {
  if (key.startsWith('user:')) return { type: 'user', userId: key.slice(5) };
  if (key.startsWith('role:')) return { type: 'role', role: key.slice(5) as 'admin' | 'channel_manager' };
  return { type: 'channel_manager' };
}

const NUMBER_OPS: ApprovalCondition['op'][] = ['gte', 'gt', 'lte', 'lt', 'eq'];

/** An approval flow: kind, when it applies, and its ordered steps with their approvers. Saving makes a new version. */
export default function ApprovalFlowEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const record = useRecord(id, async (flowId) => (await approvalsApi.flows()).find((f) => f.id === flowId) ?? Promise.reject(new Error(t('common.empty'))));
  const levels = useLevels();
  const staff = useUpstreamStaff();
  const [kind, setKind] = useState<ApprovalKind>('general_request');
  const [name, setName] = useState('');
  const [priority, setPriority] = useState('0');
  const [enabled, setEnabled] = useState('yes');
  const [conditions, setConditions] = useState<ConditionDraft[]>([]);
  const [steps, setSteps] = useState<StepDraft[]>([{ name: '', approvers: [{ type: 'channel_manager' }] }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    const flow: ApprovalFlow | null = record.data;
    if (!flow) return;
    setKind(flow.kind);
    setName(flow.name);
    setPriority(String(flow.priority));
    setEnabled(flow.enabled ? 'yes' : 'no');
    setConditions(flow.conditions.map(toDraft));
    setSteps(flow.steps.map((step) => ({ name: step.name, approvers: step.approvers })));
  }, [record.data]);

  const fields = [...APPROVAL_FIELDS[kind], PARTNER_LEVEL_FIELD];
  const approverOptions = [
    { value: 'channel_manager', label: t('approvals.flows.approver.channel_manager') },
    { value: 'role:admin', label: t('approvals.flows.approver.role.admin') },
    { value: 'role:channel_manager', label: t('approvals.flows.approver.role.channel_manager') },
    ...staff.map((person) => ({ value: `user:${person.id}`, label: person.name })),
  ];
  const approverLabel = (rule: ApproverRule) => approverOptions.find((o) => o.value === ruleKey(rule))?.label ?? t('approvals.flows.approver.user');
  const updateCondition = (index: number, patch: Partial<ConditionDraft>) => setConditions((all) => all.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const updateStep = (index: number, patch: Partial<StepDraft>) => setSteps((all) => all.map((s, i) => (i === index ? { ...s, ...patch } : s)));

  async function submit() {
    setFormError(null);
    setErrors({});
    setSubmitting(true);
    const body = { name: name.trim(), priority: Number(priority || 0), enabled: enabled === 'yes', conditions: conditions.map(toCondition), steps };
    try {
      if (id) await approvalsApi.updateFlow(id, body);
      else await approvalsApi.createFlow({ kind, ...body });
      goBack();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) setErrors(error.fieldErrors());
      setFormError(describeError(error));
    } finally {
      setSubmitting(false);
    }
  }

  async function remove() {
    if (id && (await confirmAction(t('approvals.flows.delete'), t('approvals.flows.deleteConfirm'), () => approvalsApi.removeFlow(id)))) goBack();
  }

  if (record.error) return <PageContainer requires='approvals.configure'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <PageContainer requires='approvals.configure' title={id ? t('approvals.flows.edit') : t('approvals.flows.create')}>
      <View className='cp-card' data-testid='flow-form'>
        {!id && (
          <ChoiceField
            name='kind'
            label={t('approvals.flows.kind')}
            value={kind}
            onChange={(value) => {
              setKind(value as ApprovalKind);
              setConditions([]);
            }}
            options={APPROVAL_KINDS.map((k) => ({ value: k, label: t(`approvals.kind.${k}`) }))}
          />
        )}
        <TextField name='name' label={t('approvals.flows.name')} value={name} onChange={setName} error={errors.name} />
        <TextField name='priority' type='digit' label={t('approvals.flows.priority')} value={priority} onChange={setPriority} error={errors.priority} />
        <ChoiceField name='enabled' label={t('approvals.flows.enabled')} value={enabled} onChange={setEnabled} options={[{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }]} />

        <View className='cp-section'>
          <Text className='cp-section__title'>{t('approvals.flows.conditions')}</Text>
          {!conditions.length && <Text className='cp-muted'>{t('approvals.flows.noConditions')}</Text>}
          {conditions.map((condition, index) => (
            <View key={index} className='cp-step' data-testid='flow-condition'>
              <ChoiceField
                name={`conditions.${index}.field`}
                label=''
                value={condition.field}
                onChange={(field) => updateCondition(index, { field, op: field === PARTNER_LEVEL_FIELD ? 'in' : 'gte' })}
                options={fields.map((f) => ({ value: f, label: t(`approvals.field.${f}` as MessageKey) }))}
              />
              {condition.field === PARTNER_LEVEL_FIELD ? (
                <MultiChoiceField
                  name={`conditions.${index}.value`}
                  label=''
                  values={condition.levelIds}
                  onChange={(levelIds) => updateCondition(index, { levelIds })}
                  options={levels.map((level) => ({ value: level.id, label: level.name }))}
                />
              ) : (
                <>
                  <ChoiceField name={`conditions.${index}.op`} label='' value={condition.op} onChange={(op) => updateCondition(index, { op: op as ApprovalCondition['op'] })} options={NUMBER_OPS.map((op) => ({ value: op, label: t(`approvals.op.${op}`) }))} />
                  <TextField name={`conditions.${index}.value`} type='digit' label='' value={condition.text} onChange={(text) => updateCondition(index, { text })} error={errors[`conditions.${index}.value`]} />
                </>
              )}
              <Button size='small' fill='none' onClick={() => setConditions((all) => all.filter((_, i) => i !== index))}>✕</Button>
            </View>
          ))}
          {fields.length > 0 && (
            <Button size='small' fill='outline' onClick={() => setConditions((all) => [...all, { field: fields[0], op: fields[0] === PARTNER_LEVEL_FIELD ? 'in' : 'gte', text: '', levelIds: [] }])} data-testid='flow-add-condition'>
              {t('approvals.flows.addCondition')}
            </Button>
          )}
        </View>

        {steps.map((step, index) => (
          <View key={index} className='cp-step' data-testid='flow-step'>
            <View className='cp-step__head'>
              <Text>{t('approvals.flows.step', { n: index + 1 })}</Text>
              {steps.length > 1 && <Button size='small' fill='none' onClick={() => setSteps((all) => all.filter((_, i) => i !== index))}>{t('approvals.flows.removeStep')}</Button>}
            </View>
            <TextField name={`steps.${index}.name`} label={t('approvals.flows.stepName')} value={step.name} onChange={(value) => updateStep(index, { name: value })} error={errors[`steps.${index}.name`]} />
            <Text className='cp-muted'>{t('approvals.flows.approvers')}</Text>
            <View className='cp-choices'>
              {step.approvers.map((rule) => (
                <Tag key={ruleKey(rule)} className='cp-choice' type='primary' closeable onClose={() => updateStep(index, { approvers: step.approvers.filter((r) => ruleKey(r) !== ruleKey(rule)) })}>
                  {approverLabel(rule)}
                </Tag>
              ))}
            </View>
            <ChoiceField
              name={`steps.${index}.approvers`}
              label={t('approvals.flows.addApprover')}
              value=''
              error={errors[`steps.${index}.approvers`]}
              onChange={(key) => !step.approvers.some((r) => ruleKey(r) === key) && updateStep(index, { approvers: [...step.approvers, ruleOf(key)] })}
              options={approverOptions}
            />
          </View>
        ))}
        <Button size='small' fill='outline' onClick={() => setSteps((all) => [...all, { name: '', approvers: [] }])} data-testid='flow-add-step'>{t('approvals.flows.addStep')}</Button>

        {id && <Text className='cp-muted'>{t('approvals.flows.versionNote')}</Text>}
        <FormActions submitting={submitting} onSubmit={submit} error={formError} />
        {id && <Button block type='danger' fill='none' onClick={remove}>{t('approvals.flows.delete')}</Button>}
      </View>
    </PageContainer>
  );
}
