import '../messages';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { accountPoolInput, accountPoolPatch, type AccountPool } from '../../../../types/accounts';
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
import { accountsApi } from '../accounts-api';

const RECYCLE = ['noFollowUpDays', 'noDealDays', 'remindDaysBefore'] as const;
const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));
const list = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);
/** Blank is "never" (null); anything else must be a whole number, which the shared schema checks. */
const days = (value: string) => (value.trim() === '' ? null : Number(value));

function toValues(pool: AccountPool | null): FormValues {
  return {
    name: pool?.name ?? '',
    description: pool?.description ?? '',
    levelIds: (pool?.members.levelIds ?? []).join(','),
    provinces: (pool?.members.provinces ?? []).join(','),
    partnerIds: (pool?.members.partnerIds ?? []).join(','),
    staffIds: (pool?.members.staffIds ?? []).join(','),
    claimEnabled: pool?.claim.enabled === false ? 'no' : 'yes',
    cooldownDays: text(pool?.claim.cooldownDays ?? 0),
    moveTo: (pool?.moveTo ?? []).join(','),
    ...Object.fromEntries(RECYCLE.map((key) => [key, text(pool?.recycle[key])])),
  };
}

/** An account pool's members, claiming, recycling and where its accounts may move, for an upstream admin at a desk. */
export default function AccountPoolEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const levels = useLevels();
  const staff = useUpstreamStaff();
  const [partners, setPartners] = useState<{ value: string; label: string }[]>([]);
  const [pools, setPools] = useState<{ value: string; label: string }[]>([]);
  const record = useRecord(id, accountsApi.pool);
  const form = useForm({
    initial: toValues(record.data),
    schema: id ? accountPoolPatch : accountPoolInput,
    draftKey: id ? undefined : 'account-pool-new',
    toBody: (v) => ({
      name: v.name.trim(),
      description: v.description.trim(),
      members: { levelIds: list(v.levelIds), provinces: list(v.provinces), partnerIds: list(v.partnerIds), staffIds: list(v.staffIds) },
      claim: { enabled: v.claimEnabled === 'yes', cooldownDays: Number(v.cooldownDays || 0) },
      recycle: Object.fromEntries(RECYCLE.map((key) => [key, days(v[key])])),
      moveTo: list(v.moveTo),
    }),
  });

  useEffect(() => {
    api.partners.list({ status: 'active', limit: 100 }).then((page) => setPartners(page.items.map((p) => ({ value: p.id, label: p.name }))), () => setPartners([]));
    accountsApi.pools().then((all) => setPools(all.filter((p) => p.id !== id).map((p) => ({ value: p.id, label: p.name }))), () => setPools([]));
  }, [id]);

  async function submit() {
    await form.submit(async (body) => {
      if (id) await accountsApi.updatePool(id, body);
      else await accountsApi.createPool(body as Parameters<typeof accountsApi.createPool>[0]);
      goBack();
    });
  }

  const field = (name: string, label: MessageKey, type?: 'digit') => (
    <TextField name={name} type={type} label={t(label)} value={form.values[name]} onChange={(v) => form.set(name, v)} error={form.errors[name] || form.errors[`claim.${name}`] || form.errors[`recycle.${name}`] || form.errors[`members.${name}`]} />
  );
  const multi = (name: string, label: MessageKey, options: { value: string; label: string }[]) => (
    <MultiChoiceField name={name} label={t(label)} values={list(form.values[name])} onChange={(values) => form.set(name, values.join(','))} options={options} error={form.errors[`members.${name}`] || form.errors[name]} />
  );

  if (record.error) return <PageContainer requires='accountPools.configure'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='accountPools.configure' title={id ? t('accounts.pools.edit') : t('accounts.pools.create')}>
        <View className='cp-card' data-testid='account-pool-form'>
          {field('name', 'accounts.pools.name')}
          {field('description', 'accounts.pools.description')}
          {multi('levelIds', 'accounts.pools.levels', levels.map((l) => ({ value: l.id, label: l.name })))}
          {field('provinces', 'accounts.pools.provinces')}
          {multi('partnerIds', 'accounts.pools.partners', partners)}
          {multi('staffIds', 'accounts.pools.staff', staff.map((s) => ({ value: s.id, label: s.name })))}
          <ChoiceField name='claimEnabled' label={t('accounts.pools.claimEnabled')} value={form.values.claimEnabled} onChange={(v) => form.set('claimEnabled', v)} options={[{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }]} />
          {field('cooldownDays', 'accounts.pools.cooldownDays', 'digit')}
          {RECYCLE.map((key) => <View key={key}>{field(key, `accounts.pools.${key}`, 'digit')}</View>)}
          {multi('moveTo', 'accounts.pools.moveTo', pools)}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
          {id && (
            <Button block fill='outline' type='danger' onClick={() => confirmAction(t('accounts.pools.delete'), t('accounts.pools.deleteConfirm'), async () => { await accountsApi.removePool(id); goBack(); })}>
              {t('accounts.pools.delete')}
            </Button>
          )}
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
