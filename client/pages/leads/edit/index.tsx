import '../messages';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { DuplicateHit } from '../../../../types/duplicates';
import { LEAD_SOURCES, leadInput, leadPatch, type Lead, type LeadPool } from '../../../../types/leads';
import { pagePath } from '../../../../types/pages';
import { ChoiceField, FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView } from '../../../components/StateViews';
import { optionalText, useForm, type FormValues } from '../../../components/useForm';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { ApiError } from '../../../services/http-client';
import { useMe } from '../../../services/me';
import { goBack, ROUTES } from '../../../services/navigation';
import { DuplicateNotice } from '../DuplicateNotice';
import { leadsApi } from '../leads-api';

const toValues = (lead: Lead | null): FormValues => ({
  company: lead?.company ?? '',
  contactName: lead?.contactName ?? '',
  phone: lead?.phone ?? '',
  province: lead?.region.province ?? '',
  city: lead?.region.city ?? '',
  district: lead?.region.district ?? '',
  source: lead?.source ?? 'partner_report',
  notes: lead?.notes ?? '',
  poolId: '',
});

/** How long typing pauses before the duplicate check asks the server. */
const CHECK_DELAY_MS = 600;

/**
 * Reporting a lead (or editing one): the draft is kept while typing, and the duplicate check answers as the company
 * and phone are typed, so a salesperson learns before submitting that the customer is taken.
 */
export default function LeadEditPage() {
  const { t } = useI18n();
  const { me } = useMe();
  const { id } = useRouter().params;
  const upstream = Boolean(me && !me.partner);
  const record = useRecord(id, leadsApi.get);
  const [pools, setPools] = useState<LeadPool[]>([]);
  const [duplicates, setDuplicates] = useState<DuplicateHit[]>([]);
  const form = useForm({
    initial: toValues(record.data),
    schema: id ? leadPatch : leadInput,
    draftKey: id ? undefined : 'lead-new',
    toBody: (v) => ({
      company: v.company.trim(),
      contactName: optionalText(v.contactName),
      phone: optionalText(v.phone),
      region: { province: v.province.trim(), city: optionalText(v.city), district: optionalText(v.district) },
      notes: optionalText(v.notes),
      ...(upstream && !id ? { source: v.source === 'partner_report' ? 'upstream' : v.source, poolId: optionalText(v.poolId) } : {}),
    }),
  });

  useEffect(() => {
    if (upstream && !id) leadsApi.pools().then(setPools, () => setPools([]));
  }, [upstream, id]);

  const { company, phone } = form.values;
  useEffect(() => {
    if (company.trim().length < 2 && phone.replace(/\D/g, '').length < 7) return setDuplicates([]);
    const timer = setTimeout(() => {
      leadsApi
        .duplicates({ company: optionalText(company), phone: optionalText(phone) })
        .then((answer) => setDuplicates(answer.duplicates.filter((hit) => hit.recordId !== id)), () => undefined);
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [company, phone, id]);

  async function submit() {
    let saved: Lead | undefined;
    const ok = await form.submit(async (body) => {
      try {
        saved = id ? await leadsApi.update(id, body) : await leadsApi.create(body as Parameters<typeof leadsApi.create>[0]);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'lead.duplicate') setDuplicates(error.duplicates as DuplicateHit[]); // a lead's answer carries lead hits
        throw error;
      }
    });
    if (!ok || !saved) return;
    if (id) return goBack();
    await Taro.redirectTo({ url: pagePath({ page: ROUTES.lead, params: { id: saved.id } }) });
    void Taro.showToast({ title: t('leads.submitted'), icon: 'success' });
  }

  const field = (name: string, label: string, type?: 'digit' | 'tel', hint?: string) => (
    <TextField name={name} label={label} type={type} hint={hint} value={form.values[name]} onChange={(v) => form.set(name, v)} error={form.errors[name] || form.errors[`region.${name}`]} />
  );

  if (record.error) return <PageContainer requires='leads.use'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='leads.use' title={id ? t('leads.edit') : t('leads.create')}>
        <View className='cp-card' data-testid='lead-form'>
          {field('company', t('leads.company'))}
          <DuplicateNotice hits={duplicates} />
          {field('contactName', t('leads.contactName'))}
          {field('phone', t('leads.phone'), 'tel')}
          {field('province', t('leads.province'), 'digit', t('leads.regionHint'))}
          {field('city', t('leads.city'), 'digit')}
          {field('district', t('leads.district'), 'digit')}
          {upstream && !id && (
            <ChoiceField
              name='source'
              label={t('leads.source')}
              value={form.values.source === 'partner_report' ? 'upstream' : form.values.source}
              onChange={(v) => form.set('source', v)}
              options={LEAD_SOURCES.filter((s) => s !== 'partner_report' && s !== 'import').map((s) => ({ value: s, label: t(`leads.source.${s}`) }))}
            />
          )}
          {upstream && !id && pools.length > 0 && (
            <ChoiceField
              name='poolId'
              label={t('leads.pools')}
              value={form.values.poolId}
              onChange={(v) => form.set('poolId', v)}
              options={[{ value: '', label: t('leads.owner') }, ...pools.map((p) => ({ value: p.id, label: p.name }))]}
            />
          )}
          {field('notes', t('leads.notes'))}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
