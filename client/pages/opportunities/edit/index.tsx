import '../messages';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { fenToYuanText, yuanTextToFen } from '../../../../types/money';
import { opportunityInput, opportunityPatch, type Opportunity, type OpportunityInput } from '../../../../types/opportunities';
import { pagePath } from '../../../../types/pages';
import { ChoiceField, FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { DateField } from '../../../components/DateField';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView } from '../../../components/StateViews';
import { optionalText, useForm, type FormValues } from '../../../components/useForm';
import { useRecord } from '../../../components/useRecord';
import { useI18n, type MessageKey } from '../../../i18n';
import { goBack, ROUTES } from '../../../services/navigation';
import { useMyAccounts } from '../../../services/reference';
import { opportunitiesApi } from '../opportunities-api';

const toValues = (o: Opportunity | null, accountId?: string): FormValues => ({
  accountId: o?.accountId ?? accountId ?? '',
  name: o?.name ?? '',
  amount: o?.amount !== null && o?.amount !== undefined ? fenToYuanText(o.amount) : '',
  expectedCloseDate: o?.expectedCloseDate ?? '',
  decisionMaker: o?.decisionMaker ?? '',
  budget: o?.budget ?? '',
  competitor: o?.competitor ?? '',
  notes: o?.notes ?? '',
});

/** Amounts are typed in yuan and sent in fen; text that is not an amount is sent as it is, for the schema to refuse. */
const fen = (text: string) => (text.trim() === '' ? undefined : yuanTextToFen(text) ?? (text as unknown as number));

/** Filing an opportunity on one of the caller's accounts (or editing one); the draft is kept while typing. */
export default function OpportunityEditPage() {
  const { t } = useI18n();
  const { id, accountId, leadId } = useRouter().params;
  const record = useRecord(id, opportunitiesApi.get);
  const accounts = useMyAccounts(!id);
  const form = useForm({
    initial: toValues(record.data, accountId),
    schema: id ? opportunityPatch : opportunityInput,
    draftKey: id ? undefined : 'opportunity-new',
    toBody: (v) => ({
      ...(id ? {} : { accountId: v.accountId, ...(leadId ? { leadId } : {}) }),
      name: v.name.trim(),
      amount: fen(v.amount),
      expectedCloseDate: optionalText(v.expectedCloseDate),
      decisionMaker: v.decisionMaker.trim(),
      budget: v.budget.trim(),
      competitor: v.competitor.trim(),
      notes: v.notes.trim(),
    }),
  });

  async function submit() {
    let saved: Opportunity | undefined;
    const ok = await form.submit(async (body) => {
      saved = id ? await opportunitiesApi.update(id, body) : await opportunitiesApi.create(body as OpportunityInput);
    });
    if (!ok || !saved) return;
    if (id) return goBack();
    await Taro.redirectTo({ url: pagePath({ page: ROUTES.opportunity, params: { id: saved.id } }) });
  }

  const field = (name: string, label: MessageKey, type?: 'digit') => (
    <TextField name={name} label={t(label)} type={type} value={form.values[name]} onChange={(v) => form.set(name, v)} error={form.errors[name]} />
  );

  if (record.error) return <PageContainer requires='opportunities.use'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='opportunities.use' title={id ? t('opportunities.edit') : t('opportunities.create')}>
        <View className='cp-card' data-testid='opportunity-form'>
          {!id && (
            <ChoiceField
              name='accountId'
              label={t('opportunities.account')}
              hint={t('opportunities.accountHint')}
              value={form.values.accountId}
              onChange={(v) => form.set('accountId', v)}
              options={accounts.map((a) => ({ value: a.id, label: a.name }))}
              error={form.errors.accountId}
            />
          )}
          {field('name', 'opportunities.name')}
          {field('amount', 'opportunities.amount', 'digit')}
          <DateField name='expectedCloseDate' label={t('opportunities.expectedCloseDate')} value={form.values.expectedCloseDate} onChange={(v) => form.set('expectedCloseDate', v)} error={form.errors.expectedCloseDate} />
          {field('decisionMaker', 'opportunities.decisionMaker')}
          {field('budget', 'opportunities.budget')}
          {field('competitor', 'opportunities.competitor')}
          {field('notes', 'opportunities.notes')}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
