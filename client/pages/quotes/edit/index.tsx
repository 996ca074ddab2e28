import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { CustomerLevel } from '../../../../types/accounts';
import { formatFen } from '../../../../types/money';
import { pagePath } from '../../../../types/pages';
import { quoteAllows, quoteInput, quoteRevisionInput, type Quote } from '../../../../types/quotes';
import { ChoiceField, FormActions, TextField } from '../../../components/Fields';
import { DateField } from '../../../components/DateField';
import { KeptDraftNotice } from '../../../components/KeptDraftNotice';
import { LineFigures, LineTitle } from '../../../components/PricedLines';
import { PageContainer } from '../../../components/PageContainer';
import {
  emptyQuoteDraft, lineDraftOf, optionsByGroup, quantityOf, quoteDraftKey, useRecordDraft, type LineDraft, type QuoteDraft,
} from '../../../components/sales-drafts';
import { describeError, ErrorView, LoadingView } from '../../../components/StateViews';
import { lineProblems } from '../../../components/rule-problems';
import { useLinesPricing } from '../../../components/usePricing';
import { useRecord } from '../../../components/useRecord';
import { useI18n, type MessageKey } from '../../../i18n';
import { percentTextToBp } from '../../../services/basis-points';
import { ApiError } from '../../../services/http-client';
import { goBack, goTo, ROUTES } from '../../../services/navigation';
import { useMyAccounts, useOpenOpportunities } from '../../../services/reference';
import { quotesApi } from '../quotes-api';
import { checkForm, problemsByField } from '../../../components/useForm';

const draftOf = (quote: Quote): QuoteDraft => ({
  accountId: quote.accountId,
  opportunityId: quote.opportunityId ?? '',
  validUntil: quote.validUntil,
  notes: quote.notes,
  lines: quote.lines.map(lineDraftOf),
  revision: quote.revision,
});

/** A discount as typed: blank is none; null when it is not a percentage the server would take. */
const discountOf = (line: LineDraft) => (line.discount.trim() === '' ? 0 : percentTextToBp(line.discount));

/**
 * The quote builder: a new quote, or a new revision of one (`id`). The customer (and, optionally, one of their open
 * opportunities), how long the offer holds, and the lines configured in the catalog, each with its quantity and the
 * discount asked for. The server prices the lines live for the customer's level (list prices: discounts are applied
 * when the quote is saved, and the detail page then says whether they need approval). Everything typed is kept in a
 * draft until it is saved; mistakes are shown per field and per line before anything is sent, the server's after.
 */
export default function QuoteEditPage() {
  const { t } = useI18n();
  // A new quote may start from an account or an opportunity (their pages pass them).
  const { id, accountId, opportunityId } = useRouter().params;
  const record = useRecord(id, quotesApi.get);
  const quote = record.data;
  // Catalog lines added while no draft of this quote was kept join the quote as saved.
  const draft = useRecordDraft<Quote, QuoteDraft>(quoteDraftKey(id), quote, emptyQuoteDraft, {
    fromRecord: draftOf,
    basisOf: (saved) => saved.revision,
    basisIn: (kept) => kept.revision,
    join: (saved, kept) => ({ ...saved, lines: [...saved.lines, ...kept.lines] }),
  });
  const accounts = useMyAccounts(!id);
  const opportunities = useOpenOpportunities(draft.value.accountId);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [savedProblems, setSavedProblems] = useState<Record<number, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!id && accountId && (draft.value.accountId !== accountId || (opportunityId && draft.value.opportunityId !== opportunityId))) {
      draft.update({ accountId, opportunityId: opportunityId ?? '' });
    }
  }, []);


  const { value } = draft;
  // A quote another device submitted, ordered or cancelled meanwhile: kept work can only be dropped.
  const editable = !quote || quoteAllows('edit', quote.state);
  const customerLevel = (quote?.customerLevel as CustomerLevel | undefined) ?? accounts.find((a) => a.id === value.accountId)?.customerLevel ?? 'normal';
  const { priced, pricing, problems: pricingProblems, failure, nameOf } = useLinesPricing(customerLevel, value.lines);
  const problemsOf = (index: number) => [...(pricingProblems[index] ?? []), ...(savedProblems[index] ?? [])];

  function set<K extends keyof QuoteDraft>(field: K, fieldValue: QuoteDraft[K]) {
    draft.update({ [field]: fieldValue } as Partial<QuoteDraft>);
    setErrors((current) => ({ ...current, [field]: '' }));
  }
  /** Lines changed: what was said about them (by index) no longer holds. */
  function changeLines(change: (lines: LineDraft[]) => LineDraft[]) {
    draft.update((current) => ({ ...current, lines: change(current.lines) }));
    setSavedProblems({});
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !path.startsWith('lines'))));
  }
  const setLine = (index: number, patch: Partial<LineDraft>) => changeLines((lines) => lines.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const removeLine = (index: number) => changeLines((lines) => lines.filter((_, i) => i !== index));
  function addProducts() {
    // The catalog adds to the stored draft; store it now so a quote not yet changed keeps its own lines.
    draft.save();
    goTo('products', { forQuote: id ?? 'new' });
  }

  async function save() {
    setFormError(null);
    setSavedProblems({});
    // A quantity or discount that is not a number is already marked on its line.
    const typedWrong = value.lines.some((line) => quantityOf(line) === null || discountOf(line) === null);
    const local: Record<string, string> = {};
    if (!id && !value.accountId) local.accountId = t('common.required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value.validUntil.trim())) local.validUntil = t('quotes.validUntilInvalid');
    if (!value.lines.length) local.lines = t('sales.noLines');
    const lines = value.lines.map((line) => ({ sku: line.sku, quantity: quantityOf(line) ?? 0, options: optionsByGroup(line), discountBp: discountOf(line) ?? 0 }));
    const fields = { ...(value.opportunityId ? { opportunityId: value.opportunityId } : {}), validUntil: value.validUntil.trim(), notes: value.notes.trim(), lines };
    const revision = quote ? checkForm(quoteRevisionInput, { revision: quote.revision, ...fields }) : null;
    const creation = id ? null : checkForm(quoteInput, { accountId: value.accountId, ...fields });
    const parsed = revision ?? creation!;
    if (typedWrong || Object.keys(local).length || !parsed.success) {
      const schemaErrors = parsed.success ? {} : problemsByField(parsed);
      setErrors({ ...schemaErrors, ...local });
      return;
    }
    setSubmitting(true);
    try {
      const created = creation?.success ? await quotesApi.create(creation.data) : null;
      if (revision?.success) await quotesApi.revise(id!, revision.data);
      draft.clear();
      if (created) await Taro.redirectTo({ url: pagePath({ page: ROUTES.quote, params: { id: created.id } }) });
      else goBack();
    } catch (error) {
      // Saved, submitted or cancelled elsewhere meanwhile: the quote as it now is shows, and the page says what that
      // means for the work kept.
      if (error instanceof ApiError && error.status === 409) void record.reload();
      if (error instanceof ApiError) {
        // Line errors are shown on their lines (rules by name); the rest on their fields.
        setErrors(Object.fromEntries(Object.entries(error.fieldErrors()).filter(([path]) => !path.startsWith('lines.'))));
        setSavedProblems(lineProblems(error, nameOf));
      }
      setFormError(describeError(error));
    } finally {
      setSubmitting(false);
    }
  }

  if (record.error) return <PageContainer requires='sales.use'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  if (id && !quote) return <PageContainer requires='sales.use'><LoadingView /></PageContainer>;
  const stateText = quote ? t(`quotes.state.${quote.state}` as MessageKey) : '';
  if (!editable && !draft.isKept()) {
    return <PageContainer requires='sales.use' title={t('quotes.edit')}><Text className='cp-notice' data-testid='quote-not-editable'>{t('quotes.notEditable', { state: stateText })}</Text></PageContainer>;
  }
  return (
    <PageContainer requires='sales.use' title={id ? t('quotes.edit') : t('quotes.create')}>
      <View data-testid='quote-form'>
        {quote && (draft.outdated || !editable) && (
          <KeptDraftNotice
            message={editable ? t('quotes.draftOutdated', { from: value.revision!, to: quote.revision }) : t('quotes.draftNotEditable', { state: stateText })}
            dropLabel={t('quotes.dropDraft')}
            onDrop={draft.drop}
          />
        )}
        <View className='cp-card'>
          {quote ? (
            <Cell title={t('sales.account')} extra={quote.accountName} />
          ) : (
            <ChoiceField
              name='accountId'
              required
              label={t('sales.account')}
              hint={t('sales.accountHint')}
              value={value.accountId}
              onChange={(accountId) => {
                // Another customer's opportunities are not this one's.
                set('opportunityId', '');
                set('accountId', accountId);
              }}
              options={accounts.map((a) => ({ value: a.id, label: a.name }))}
              error={errors.accountId}
            />
          )}
          {opportunities.length > 0 && (
            <ChoiceField
              name='opportunityId'
              label={t('quotes.opportunity')}
              value={value.opportunityId}
              onChange={(opportunityId) => set('opportunityId', opportunityId)}
              options={[{ value: '', label: t('quotes.noOpportunity') }, ...opportunities.map((o) => ({ value: o.id, label: o.name }))]}
              error={errors.opportunityId}
            />
          )}
          <DateField name='validUntil' required label={t('quotes.validUntil')} value={value.validUntil} onChange={(v) => set('validUntil', v)} error={errors.validUntil} />
          <TextField name='notes' label={t('sales.notes')} value={value.notes} onChange={(v) => set('notes', v)} error={errors.notes} />
        </View>

        <View className='cp-card' data-testid='quote-lines'>
          <Text className='cp-section__title'>{t('quotes.lines')}</Text>
          {!value.lines.length && <Text className={errors.lines ? 'cp-field__error' : 'cp-muted'}>{t('sales.noLines')}</Text>}
          {value.lines.map((line, index) => (
            <View key={index} className='cp-card__section' data-testid='quote-line'>
              <LineTitle line={line} extra={<Text className='cp-link' onClick={() => removeLine(index)}>{t('sales.remove')}</Text>} />
              {priced?.[index] && !pricing ? <LineFigures line={priced[index]} /> : line.options.length > 0 && <Text className='cp-timeline__meta'>{line.options.map((o) => o.name).join(' · ')}</Text>}
              <TextField name={`lines.${index}.quantity`} required type='number' label={`${t('sales.quantity')}（${line.unit}）`} value={line.quantity} onChange={(quantity) => setLine(index, { quantity })} error={errors[`lines.${index}.quantity`] || (quantityOf(line) === null ? t('sales.quantityInvalid') : undefined)} />
              <TextField name={`lines.${index}.discount`} type='digit' label={t('quotes.discount')} value={line.discount} onChange={(discount) => setLine(index, { discount })} error={errors[`lines.${index}.discountBp`] || (discountOf(line) === null ? t('quotes.discountInvalid') : undefined)} />
              {problemsOf(index).map((text) => <Text key={text} className='cp-field__error' data-testid='rule-problem'>{text}</Text>)}
            </View>
          ))}
          {pricing && <Text className='cp-muted'>{t('sales.pricing')}</Text>}
          {failure && <Text className='cp-field__error' data-testid='pricing-error'>{failure}</Text>}
          {priced && !pricing && <Text className='cp-timeline__title' data-testid='list-total'>{`${t('sales.listTotal')} ${formatFen(priced.reduce((sum, line) => sum + line.total, 0))}`}</Text>}
          <Text className='cp-muted'>{t('quotes.discountHint')}</Text>
          <View className='cp-actions'>
            <Button size='small' fill='outline' onClick={addProducts} data-testid='quote-add-products'>{t('sales.addProducts')}</Button>
          </View>
        </View>

        <View className='cp-pad'>
          {editable && <FormActions submitting={submitting} onSubmit={save} error={formError} />}
        </View>
      </View>
    </PageContainer>
  );
}
