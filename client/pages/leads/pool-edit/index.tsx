import '../messages';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { DISTRIBUTIONS, PUBLIC_LEAD_FIELDS, leadPoolInput, leadPoolPatch, type LeadPool } from '../../../../types/leads';
import { ChoiceField, FormActions, MultiChoiceField, RequiredFields, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView } from '../../../components/StateViews';
import { confirmAction } from '../../../components/confirmAction';
import { useForm, type FormValues } from '../../../components/useForm';
import { useRecord } from '../../../components/useRecord';
import { useI18n, type MessageKey } from '../../../i18n';
import { api } from '../../../services/api';
import { goBack } from '../../../services/navigation';
import { useLevels, useUpstreamStaff } from '../../../services/reference';
import { leadsApi } from '../leads-api';

const LIMITS = ['dailyLimit', 'perPerson', 'perPartner'] as const;
const RECYCLE = ['noFollowUpDays', 'notConvertedDays', 'remindDaysBefore'] as const;
const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));
const list = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);
/** Blank is "no limit" (null); anything else must be a whole number, which the shared schema checks. */
const limit = (value: string) => (value.trim() === '' ? null : Number(value));

function toValues(pool: LeadPool | null): FormValues {
  return {
    name: pool?.name ?? '',
    description: pool?.description ?? '',
    distribution: pool?.distribution ?? 'manual',
    acceptHours: text(pool?.acceptHours ?? 24),
    levelIds: (pool?.members.levelIds ?? []).join(','),
    provinces: (pool?.members.provinces ?? []).join(','),
    partnerIds: (pool?.members.partnerIds ?? []).join(','),
    staffIds: (pool?.members.staffIds ?? []).join(','),
    publicFields: (pool?.publicFields ?? ['region', 'source']).join(','),
    claimEnabled: pool?.claim.enabled === false ? 'no' : 'yes',
    cooldownDays: text(pool?.claim.cooldownDays ?? 0),
    ...Object.fromEntries(LIMITS.map((key) => [key, text(pool?.claim[key])])),
    ...Object.fromEntries(RECYCLE.map((key) => [key, text(pool?.recycle[key])])),
  };
}

/** A lead pool's members and rules, for an upstream admin at a desk. */
export default function LeadPoolEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const levels = useLevels();
  const staff = useUpstreamStaff();
  const [partners, setPartners] = useState<{ value: string; label: string }[]>([]);
  const record = useRecord(id, leadsApi.pool);
  const form = useForm({
    initial: toValues(record.data),
    schema: id ? leadPoolPatch : leadPoolInput,
    draftKey: id ? undefined : 'lead-pool-new',
    toBody: (v) => ({
      name: v.name.trim(),
      description: v.description.trim(),
      distribution: v.distribution,
      acceptHours: Number(v.acceptHours),
      members: { levelIds: list(v.levelIds), provinces: list(v.provinces), partnerIds: list(v.partnerIds), staffIds: list(v.staffIds) },
      publicFields: list(v.publicFields),
      claim: { enabled: v.claimEnabled === 'yes', cooldownDays: Number(v.cooldownDays || 0), ...Object.fromEntries(LIMITS.map((key) => [key, limit(v[key])])) },
      recycle: Object.fromEntries(RECYCLE.map((key) => [key, limit(v[key])])),
    }),
  });

  useEffect(() => {
    api.partners.list({ status: 'active', limit: 100 }).then((page) => setPartners(page.items.map((p) => ({ value: p.id, label: p.name }))), () => setPartners([]));
  }, []);

  async function submit() {
    await form.submit(async (body) => {
      if (id) await leadsApi.updatePool(id, body);
      else await leadsApi.createPool(body as Parameters<typeof leadsApi.createPool>[0]);
      goBack();
    });
  }

  const field = (name: string, label: MessageKey, type?: 'digit') => (
    <TextField name={name} type={type} label={t(label)} value={form.values[name]} onChange={(v) => form.set(name, v)} error={form.errors[name] || form.errors[`claim.${name}`] || form.errors[`recycle.${name}`] || form.errors[`members.${name}`]} />
  );
  const multi = (name: string, label: MessageKey, options: { value: string; label: string }[]) => (
    <MultiChoiceField name={name} label={t(label)} values={list(form.values[name])} onChange={(values) => form.set(name, values.join(','))} options={options} error={form.errors[`members.${name}`] || form.errors[name]} />
  );

  if (record.error) return <PageContainer requires='leadPools.configure'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='leadPools.configure' title={id ? t('leads.pools.edit') : t('leads.pools.create')}>
        <View className='cp-card' data-testid='pool-form'>
          {field('name', 'leads.pools.name')}
          {field('description', 'leads.pools.description')}
          <ChoiceField name='distribution' label={t('leads.pools.distribution')} value={form.values.distribution} onChange={(v) => form.set('distribution', v)} options={DISTRIBUTIONS.map((d) => ({ value: d, label: t(`leads.pools.distribution.${d}`) }))} />
          {form.values.distribution !== 'manual' && field('acceptHours', 'leads.pools.acceptHours', 'digit')}
          {multi('levelIds', 'leads.pools.levels', levels.map((l) => ({ value: l.id, label: l.name })))}
          {field('provinces', 'leads.pools.provinces')}
          {multi('partnerIds', 'leads.pools.partners', partners)}
          {multi('staffIds', 'leads.pools.staff', staff.map((s) => ({ value: s.id, label: s.name })))}
          {multi('publicFields', 'leads.pools.publicFields', PUBLIC_LEAD_FIELDS.map((f) => ({ value: f, label: t(f === 'company' ? 'leads.company' : f === 'region' ? 'leads.province' : `leads.${f}`) })))}
          <ChoiceField name='claimEnabled' label={t('leads.pools.claimEnabled')} value={form.values.claimEnabled} onChange={(v) => form.set('claimEnabled', v)} options={[{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }]} />
          {LIMITS.map((key) => <View key={key}>{field(key, `leads.pools.${key}`, 'digit')}</View>)}
          {field('cooldownDays', 'leads.pools.cooldownDays', 'digit')}
          {RECYCLE.map((key) => <View key={key}>{field(key, `leads.pools.${key}`, 'digit')}</View>)}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
          {id && (
            <Button block fill='outline' type='danger' onClick={() => confirmAction(t('leads.pools.delete'), t('leads.pools.deleteConfirm'), async () => { await leadsApi.removePool(id); goBack(); })}>
              {t('leads.pools.delete')}
            </Button>
          )}
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
