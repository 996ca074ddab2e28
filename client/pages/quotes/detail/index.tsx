import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { formatFen } from '../../../../types/money';
import { pagePath } from '../../../../types/pages';
import type { Me } from '../../../../types/auth';
import { quoteAllows, type Quote, type QuoteAction, type QuoteRevision } from '../../../../types/quotes';
import { FormActions, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { PricedLines } from '../../../components/PricedLines';
import { useStoredDraft } from '../../../components/sales-drafts';
import { describeError, ErrorView, LoadingView } from '../../../components/StateViews';
import { toastError } from '../../../components/toastError';
import { optionalText } from '../../../components/useForm';
import { usePrompt } from '../../../components/usePrompt';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { bpToPercentText } from '../../../services/basis-points';
import { ApiError } from '../../../services/http-client';
import { useMe } from '../../../services/me';
import { goTo, ROUTES } from '../../../services/navigation';
import { submitOnce, type PendingSubmission } from '../../../services/submit-once';
import type { QuoteOrderInput } from '../../../../types/orders';
import { quotesApi } from '../quotes-api';
import { QuoteStateTag } from '../QuoteStateTag';

const allows = (action: QuoteAction, quote: Quote) => quoteAllows(action, quote.state);

/** Who acts on a quote, as the server decides it: its owner, their partner's admin, or an admin for the upstream's own. */
const holds = (quote: Quote, me: Me) =>
  quote.ownerId === me.id || (quote.partnerId ? me.roles.includes('partner_admin') && me.partner?.id === quote.partnerId : me.roles.includes('admin'));

/**
 * One quote: its state, customer, validity and revision; a banner when prices changed since it was priced (re-price
 * before it can become an order); its lines as priced with their discounts and the totals; how the deepest discount
 * compares with the level's allowance; submitting, editing, re-pricing, cancelling, exporting for the customer, and
 * an approved quote becoming an order (sent under one idempotency key however often the network makes it retry);
 * then the revision history.
 */
export default function QuoteDetailPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const { me } = useMe();
  const { data: quote, error, reload, setData } = useRecord(id, quotesApi.get);
  const [revisions, setRevisions] = useState<QuoteRevision[]>([]);
  const [ordering, setOrdering] = useState<'closed' | 'open' | 'sending'>('closed');
  const [orderError, setOrderError] = useState<string | null>(null);
  const orderDraft = useStoredDraft<{ shippingAddress: string; notes: string; pending?: PendingSubmission<QuoteOrderInput> }>(`quote-order-${id}`, () => ({ shippingAddress: '', notes: '' }));
  const prompt = usePrompt();

  useEffect(() => {
    if (id && quote) quotesApi.revisions(id).then(setRevisions, () => setRevisions([]));
  }, [id, quote?.revision]);

  /** One action at a time: a second tap while the first is under way does nothing. */
  const [acting, setActing] = useState(false);
  async function act(run: () => Promise<Quote>) {
    if (acting) return;
    setActing(true);
    try {
      setData(await run());
    } catch (e) {
      toastError(e);
      void reload();
    } finally {
      setActing(false);
    }
  }

  async function cancel() {
    const reason = await prompt.ask(t('quotes.cancel'), t('quotes.cancelReason'));
    if (reason === null) return;
    if (!reason) return void Taro.showToast({ title: t('quotes.cancelReason'), icon: 'none' });
    await act(() => quotesApi.cancel(quote!.id, reason));
  }

  async function placeOrder() {
    if (!quote) return;
    setOrdering('sending');
    setOrderError(null);
    const { shippingAddress, notes } = orderDraft.read();
    try {
      // While an earlier sending's outcome is unknown, that very body goes again (see submitOnce).
      const order = await submitOnce(
        { current: () => orderDraft.read().pending, keep: (pending) => orderDraft.update({ pending }) },
        { shippingAddress: optionalText(shippingAddress), notes: notes.trim() },
        (body, key) => quotesApi.order(quote.id, body, key),
      );
      orderDraft.clear();
      await Taro.redirectTo({ url: pagePath({ page: ROUTES.order, params: { id: order.id } }) });
    } catch (e) {
      setOrdering('open');
      setOrderError(describeError(e));
      // Prices changed (the banner offers re-pricing), or the quote became an order meanwhile: show it as it is now.
      if (e instanceof ApiError && (e.code === 'quote.stale' || e.code === 'quote.already_ordered')) void reload();
    }
  }

  if (error) return <PageContainer requires='sales.use'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!quote) return <PageContainer requires='sales.use'><LoadingView /></PageContainer>;
  const holder = Boolean(me && holds(quote, me));
  return (
    <PageContainer requires='sales.use' title={quote.number}>
      <View data-testid='quote-detail'>
        {prompt.dialog}
        <Cell.Group>
          <Cell title={quote.number} description={t('quotes.revision', { revision: quote.revision })} extra={<QuoteStateTag state={quote.state} />} />
          <Cell title={t('sales.account')} extra={quote.accountName} />
          <Cell title={t('quotes.owner')} extra={quote.ownerName} />
          <Cell title={t('quotes.validUntilShort', { date: quote.validUntil })} />
          {quote.notes && <Cell title={t('sales.notes')} description={quote.notes} />}
        </Cell.Group>

        {quote.stale && (
          <View className='cp-notice' data-testid='quote-stale'>
            <Text>{t('quotes.stale')}</Text>
            {holder && allows('reprice', quote) && <Button size='small' type='primary' onClick={() => act(() => quotesApi.reprice(quote.id))} data-testid='quote-reprice'>{t('quotes.reprice')}</Button>}
          </View>
        )}

        <PricedLines lines={quote.lines} listTotal={quote.listTotal} netTotal={quote.netTotal} />
        {quote.maxDiscountBp > 0 && (
          <Text className='cp-hint' data-testid='quote-allowance'>
            {t(quote.maxDiscountBp > quote.allowanceBp ? 'quotes.overAllowance' : 'quotes.withinAllowance', { max: bpToPercentText(quote.maxDiscountBp), allowance: bpToPercentText(quote.allowanceBp) })}
          </Text>
        )}

        <View className='cp-actions' data-testid='quote-actions'>
          {holder && allows('submit', quote) && !quote.stale && <Button type='primary' loading={acting} onClick={() => act(() => quotesApi.submit(quote.id))}>{t('quotes.submit')}</Button>}
          {holder && quote.state === 'approved' && !quote.stale && ordering === 'closed' && <Button type='primary' onClick={() => setOrdering('open')} data-testid='quote-to-order'>{t('quotes.toOrder')}</Button>}
          {quote.orderId && <Button type='primary' fill='outline' onClick={() => goTo('order', { id: quote.orderId! })}>{t('quotes.openOrder')}</Button>}
          {quote.approvalId && <Button fill='outline' onClick={() => goTo('approval', { id: quote.approvalId! })}>{t('quotes.openApproval')}</Button>}
          {holder && allows('edit', quote) && <Button fill='outline' onClick={() => goTo('quoteEdit', { id: quote.id })}>{t('common.edit')}</Button>}
          {allows('export', quote) && <Button fill='outline' onClick={() => quotesApi.export(quote).catch(toastError)} data-testid='quote-export'>{t('quotes.export')}</Button>}
          {holder && allows('cancel', quote) && <Button type='danger' fill='outline' onClick={cancel}>{t('quotes.cancel')}</Button>}
        </View>

        {ordering !== 'closed' && quote.state === 'approved' && (
          <View className='cp-card' data-testid='quote-order-form'>
            {orderDraft.value.pending ? (
              // The sending before may have made the order: it goes again as it was, not as edited since.
              <Text className='cp-hint'>{t('sales.pending')}</Text>
            ) : (
              <>
                <TextField name='shippingAddress' label={t('sales.shippingAddress')} value={orderDraft.value.shippingAddress} onChange={(shippingAddress) => orderDraft.update({ shippingAddress })} />
                <TextField name='notes' label={t('sales.notes')} value={orderDraft.value.notes} onChange={(notes) => orderDraft.update({ notes })} />
              </>
            )}
            <FormActions submitting={ordering === 'sending'} onSubmit={placeOrder} label={orderDraft.value.pending ? t('sales.pendingRetry') : t('quotes.placeOrder')} error={orderError} />
          </View>
        )}

        {revisions.length > 0 && (
          <Cell.Group title={t('quotes.revisions')} data-testid='quote-revisions'>
            {revisions.map((r) => (
              <Cell
                key={r.revision}
                title={t('quotes.revisionLine', { revision: r.revision, cause: t(`quotes.cause.${r.cause}`), name: r.savedByName })}
                description={date(r.savedAt, true)}
                extra={formatFen(r.netTotal)}
              />
            ))}
          </Cell.Group>
        )}
      </View>
    </PageContainer>
  );
}
