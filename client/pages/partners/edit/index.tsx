import '../messages';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { partnerInput, partnerPatch, type Partner } from '../../../../types/partners';
import { ChoiceField, FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView } from '../../../components/StateViews';
import { optionalText, useForm, type FormValues } from '../../../components/useForm';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { useMe } from '../../../services/me';
import { goBack, goTo } from '../../../services/navigation';
import { useChannelManagers, useLevels } from '../../../services/reference';

function toValues(partner: Partner | null): FormValues {
  return {
    name: partner?.name ?? '',
    levelId: partner?.levelId ?? '',
    province: partner?.region.province ?? '',
    city: partner?.region.city ?? '',
    district: partner?.region.district ?? '',
    channelManagerId: partner?.channelManagerId ?? '',
    contactName: partner?.contactName ?? '',
    contactPhone: partner?.contactPhone ?? '',
  };
}

export default function PartnerEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const { can } = useMe();
  const levels = useLevels();
  const managers = useChannelManagers();
  const record = useRecord(id, api.partners.get);
  const form = useForm({
    initial: toValues(record.data),
    schema: id ? partnerPatch : partnerInput,
    draftKey: id ? undefined : 'partner-new',
    toBody: (v) => ({
      name: v.name.trim(),
      levelId: v.levelId,
      region: { province: v.province.trim(), city: optionalText(v.city), district: optionalText(v.district) },
      ...(can('staff.manage') ? { channelManagerId: v.channelManagerId || null } : {}),
      contactName: optionalText(v.contactName),
      contactPhone: optionalText(v.contactPhone),
    }),
  });

  async function submit() {
    await form.submit(async (body) => {
      if (id) {
        await api.partners.update(id, body);
        goBack();
      } else {
        const created = await api.partners.create(body as Parameters<typeof api.partners.create>[0]);
        void Taro.redirectTo({ url: `/pages/partners/detail/index?id=${created.id}` });
      }
    });
  }

  const field = (name: string, label: string, type?: 'digit' | 'tel', hint?: string) => (
    <TextField name={name} label={label} type={type} hint={hint} value={form.values[name]} onChange={(v) => form.set(name, v)} error={form.errors[name] || form.errors[`region.${name}`]} />
  );

  if (record.error) return <PageContainer requires='partners.manage'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='partners.manage' title={id ? t('partners.edit') : t('partners.create')}>
        <View className='cp-card' data-testid='partner-form'>
          {field('name', t('partners.name'))}
          <ChoiceField name='levelId' label={t('partners.level')} value={form.values.levelId} onChange={(v) => form.set('levelId', v)} error={form.errors.levelId} options={levels.map((l) => ({ value: l.id, label: l.name }))} />
          {field('province', t('partners.province'), 'digit', '310000')}
          {field('city', t('partners.city'), 'digit')}
          {field('district', t('partners.district'), 'digit')}
          {can('staff.manage') && (
            <ChoiceField
              name='channelManagerId'
              label={t('partners.channelManager')}
              value={form.values.channelManagerId}
              onChange={(v) => form.set('channelManagerId', v)}
              error={form.errors.channelManagerId}
              options={[{ value: '', label: t('partners.noManager') }, ...managers.map((m) => ({ value: m.id, label: m.name }))]}
            />
          )}
          {field('contactName', t('partners.contactName'))}
          {field('contactPhone', t('partners.contactPhone'), 'tel')}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
          {!id && levels.length === 0 && <View className='cp-hint' onClick={() => goTo('levels')}>{t('levels.create')}</View>}
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
