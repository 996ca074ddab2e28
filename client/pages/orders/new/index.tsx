import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { formatFen } from '../../../../types/money';
import { orderInput, type OrderInput } from '../../../../types/orders';
import { pagePath } from '../../../../types/pages';
import { ChoiceField, FormActions, TextField } from '../../../components/Fields';
import { LineFigures, LineTitle } from '../../../components/PricedLines';
import { PageContainer } from '../../../components/PageContainer';
import { emptyOrderDraft, ORDER_DRAFT_KEY, quantityOf, useStoredDraft, type LineDraft, type OrderDraft } from '../../../components/sales-drafts';
import { describeError } from '../../../components/StateViews';
import { checkForm, optionalText, problemsByField } from '../../../components/useForm';
import { lineProblems } from '../../../components/rule-problems';
import { useLinesPricing } from '../../../components/usePricing';
import { useI18n } from '../../../i18n';
import { ApiError } from '../../../services/http-client';
import { goTo, ROUTES } from '../../../services/navigation';
import { useMyAccounts } from '../../../services/reference';
import { submitOnce } from '../../../services/submit-once';
import { ordersApi } from '../orders-api';

/**
 * An order straight from the catalog ("order now"): the configured lines at list prices for the chosen customer,
 * priced live by the server, with where to deliver. It is sent under one idempotency key kept with the draft, so
 * neither the automatic retries after a lost answer nor a retry by hand can make a second order.
 */
export default function OrderNewPage() {
  const { t } = useI18n();
  const draft = useStoredDraft<OrderDraft>(ORDER_DRAFT_KEY, emptyOrderDraft);
  const accounts = useMyAccounts();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [savedProblems, setSavedProblems] = useState<Record<number, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const { value } = draft;
  const customerLevel = accounts.find((a) => a.id === value.accountId)?.customerLevel ?? 'normal';
  const { lines, priced, pricing, problems: pricingProblems, failure, nameOf } = useLinesPricing(customerLevel, value.lines);

  function setLine(index: number, patch: Partial<LineDraft>) {
    draft.update((current) => ({ ...current, lines: current.lines.map((line, i) => (i === index ? { ...line, ...patch } : line)) }));
    setSavedProblems({});
  }

  /** Sends the order under one key; while its outcome is unknown, the draft keeps exactly what was sent. */
  async function send(body: OrderInput) {
    setSubmitting(true);
    try {
      const order = await submitOnce({ current: () => draft.read().pending, keep: (pending) => draft.update({ pending }) }, body, (sent, key) => ordersApi.create(sent, key));
      draft.clear();
      await Taro.redirectTo({ url: pagePath({ page: ROUTES.order, params: { id: order.id } }) });
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(Object.fromEntries(Object.entries(error.fieldErrors()).filter(([path]) => !path.startsWith('lines.'))));
        setSavedProblems(lineProblems(error, nameOf));
      }
      setFormError(describeError(error));
    } finally {
      setSubmitting(false);
    }
  }

  async function submit() {
    setFormError(null);
    setSavedProblems({});
    const parsed = checkForm(orderInput, { accountId: value.accountId, lines: lines ?? [], shippingAddress: optionalText(value.shippingAddress), notes: value.notes.trim() });
    if (!value.accountId || !lines || !parsed.success) {
      setErrors({
        ...(parsed.success ? {} : problemsByField(parsed)),
        ...(value.accountId ? {} : { accountId: t('common.required') }),
      });
      if (!value.lines.length) setFormError(t('sales.noLines'));
      return;
    }
    await send(parsed.data);
  }

  // An earlier submission's outcome is unknown: it is sent again as it was, never edited into a second order.
  if (value.pending) {
    const { body } = value.pending;
    return (
      <PageContainer requires='sales.use' title={t('orders.new')}>
        <View className='cp-card' data-testid='order-pending'>
          <Text className='cp-hint'>{t('sales.pending')}</Text>
          <Cell title={t('sales.account')} extra={accounts.find((a) => a.id === body.accountId)?.name ?? ''} />
          {value.lines.map((line, index) => <LineTitle key={index} line={line} quantity={body.lines[index]?.quantity} />)}
          <FormActions submitting={submitting} onSubmit={() => send(body)} label={t('sales.pendingRetry')} error={formError} />
          <Text className='cp-link' onClick={() => goTo('orders')}>{t('sales.pendingOrders')}</Text>
        </View>
      </PageContainer>
    );
  }

  return (
    <PageContainer requires='sales.use' title={t('orders.new')}>
      <View data-testid='order-form'>
        <Text className='cp-hint'>{t('orders.newHint')}</Text>
        <View className='cp-card'>
          <ChoiceField
            name='accountId'
            required
            label={t('sales.account')}
            hint={t('sales.accountHint')}
            value={value.accountId}
            onChange={(accountId) => {
              draft.update({ accountId });
              setErrors((current) => ({ ...current, accountId: '' }));
            }}
            options={accounts.map((a) => ({ value: a.id, label: a.name }))}
            error={errors.accountId}
          />
        </View>

        <View className='cp-card' data-testid='order-lines'>
          {!value.lines.length && (
            <View className='cp-actions'>
              <Text className='cp-muted'>{t('sales.noLines')}</Text>
              <Button size='small' fill='outline' onClick={() => goTo('products')}>{t('sales.addProducts')}</Button>
            </View>
          )}
          {value.lines.map((line, index) => (
            <View key={index} className='cp-card__section' data-testid='order-line'>
              <LineTitle line={line} extra={<Text className='cp-link' onClick={() => draft.update((current) => ({ ...current, lines: current.lines.filter((_, i) => i !== index) }))}>{t('sales.remove')}</Text>} />
              {priced?.[index] && !pricing && <LineFigures line={priced[index]} />}
              <TextField name={`lines.${index}.quantity`} required type='number' label={`${t('sales.quantity')}（${line.unit}）`} value={line.quantity} onChange={(quantity) => setLine(index, { quantity })} error={quantityOf(line) === null ? t('sales.quantityInvalid') : undefined} />
              {[...(pricingProblems[index] ?? []), ...(savedProblems[index] ?? [])].map((text) => <Text key={text} className='cp-field__error' data-testid='rule-problem'>{text}</Text>)}
            </View>
          ))}
          {pricing && <Text className='cp-muted'>{t('sales.pricing')}</Text>}
          {failure && <Text className='cp-field__error' data-testid='pricing-error'>{failure}</Text>}
          {priced && !pricing && <Text className='cp-timeline__title' data-testid='net-total'>{`${t('sales.netTotal')} ${formatFen(priced.reduce((sum, line) => sum + line.total, 0))}`}</Text>}
        </View>

        <View className='cp-card'>
          <TextField name='shippingAddress' label={t('sales.shippingAddress')} value={value.shippingAddress} onChange={(shippingAddress) => draft.update({ shippingAddress })} error={errors.shippingAddress} />
          <TextField name='notes' label={t('sales.notes')} value={value.notes} onChange={(notes) => draft.update({ notes })} error={errors.notes} />
          <FormActions submitting={submitting} onSubmit={submit} label={t('orders.new')} error={formError} />
        </View>
      </View>
    </PageContainer>
  );
}
