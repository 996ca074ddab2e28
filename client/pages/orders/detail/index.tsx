import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import type { Me } from '../../../../types/auth';
import { ORDER_TRANSITIONS, type Order, type OrderState } from '../../../../types/orders';
import { PageContainer } from '../../../components/PageContainer';
import { PricedLines } from '../../../components/PricedLines';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { toastError } from '../../../components/toastError';
import { usePrompt } from '../../../components/usePrompt';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { ordersApi } from '../orders-api';
import { OrderStateTag } from '../OrderStateTag';

type Move = Exclude<OrderState, 'submitted'>;

/**
 * Who may make a move, as the server decides it: whoever fulfils orders makes any move the state allows, except on
 * their own orders; the order's holders (its owner, their partner's admin) may cancel it while it is only submitted.
 */
function mayMove(order: Order, state: Move, me: Me, fulfils: boolean): boolean {
  const own = order.ownerId === me.id;
  const holds = own || (me.roles.includes('partner_admin') && me.partner?.id === order.partnerId);
  return (fulfils && !own) || (holds && state === 'cancelled' && order.state === 'submitted');
}

/**
 * One order: its customer, lines, totals, delivery and history. The upstream (orders.fulfil) moves it on as its
 * state allows — confirm, ship with the carrier's tracking number, complete, or cancel with a reason; the partner
 * may cancel it while it is still only submitted.
 */
export default function OrderDetailPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const { me, can } = useMe();
  const { data: order, error, reload, setData } = useRecord(id, ordersApi.get);
  const prompt = usePrompt();

  async function move(state: Move) {
    if (!order) return;
    const asked = state === 'shipped' ? t('orders.trackingNumber') : state === 'cancelled' ? t('orders.cancelReason') : t('orders.commentOptional');
    const text = await prompt.ask(t(`orders.to.${state}`), asked);
    if (text === null) return;
    if (!text && (state === 'shipped' || state === 'cancelled')) {
      return void Taro.showToast({ title: state === 'shipped' ? t('orders.trackingRequired') : t('orders.cancelReason'), icon: 'none' });
    }
    try {
      setData(await ordersApi.move(order.id, state === 'shipped' ? { state, comment: '', trackingNumber: text } : { state, comment: text }));
    } catch (e) {
      toastError(e);
      void reload();
    }
  }

  if (error) return <PageContainer requires='sales.use'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!order) return <PageContainer requires='sales.use'><LoadingView /></PageContainer>;
  const moves = ORDER_TRANSITIONS[order.state].filter((state): state is Move => state !== 'submitted' && Boolean(me) && mayMove(order, state, me!, can('orders.fulfil')));
  return (
    <PageContainer requires='sales.use' title={order.number}>
      <View data-testid='order-detail'>
        {prompt.dialog}
        <Cell.Group>
          <Cell title={order.number} description={date(order.createdAt, true)} extra={<OrderStateTag state={order.state} />} />
          <Cell title={t('sales.account')} extra={order.accountName} />
          {!me?.partner && <Cell title={t('orders.partner')} extra={order.partnerName} />}
          <Cell title={t('orders.owner')} extra={order.ownerName} />
          {order.quoteId && <Cell title={t('orders.quote')} extra={order.quoteNumber ?? ''} clickable onClick={() => goTo('quote', { id: order.quoteId! })} />}
          {order.shippingAddress && <Cell title={t('orders.shippingAddress')} description={order.shippingAddress} />}
          {order.trackingNumber && <Cell title={t('orders.trackingNumber')} extra={<Text data-testid='order-tracking'>{order.trackingNumber}</Text>} />}
          {order.notes && <Cell title={t('sales.notes')} description={order.notes} />}
        </Cell.Group>

        <PricedLines lines={order.lines} listTotal={order.listTotal} netTotal={order.netTotal} />

        {moves.length > 0 && (
          <View className='cp-actions' data-testid='order-actions'>
            {moves.map((state) => (
              <Button key={state} type={state === 'cancelled' ? 'danger' : 'primary'} fill={state === 'cancelled' ? 'outline' : 'solid'} onClick={() => move(state)}>
                {t(`orders.to.${state}`)}
              </Button>
            ))}
          </View>
        )}

        <View className='cp-section'>
          <Text className='cp-section__title'>{t('orders.history')}</Text>
          <View className='cp-timeline' data-testid='order-history'>
            {order.history.map((entry, index) => (
              <View key={index} className='cp-timeline__item'>
                <Text className='cp-timeline__title'>{`${entry.byName} ${t(`orders.did.${entry.state}`)}`}</Text>
                {entry.comment && <View>{entry.comment}</View>}
                <Text className='cp-timeline__meta'>{date(entry.at, true)}</Text>
              </View>
            ))}
          </View>
        </View>
      </View>
    </PageContainer>
  );
}
