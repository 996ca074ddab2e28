import '../messages';
import { View } from '@tarojs/components';
import { Cell, SearchBar } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { formatFen } from '../../../../types/money';
import { ORDER_STATES } from '../../../../types/orders';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { ordersApi } from '../orders-api';
import { OrderStateTag } from '../OrderStateTag';

/** Orders the caller may see, by state and text (number or account), newest first, loading more as one scrolls. */
export default function OrderListPage() {
  const { t, date } = useI18n();
  const { me } = useMe();
  const params = useRouter().params;
  const [q, setQ] = useState('');
  const [state, setState] = useState(params.state ?? '');
  const list = usePagedList((cursor) => ordersApi.list({ cursor, q, state, accountId: params.accountId }), `${q}|${state}`);

  return (
    <PageContainer requires='sales.use' title={t('orders.title')}>
      <View data-testid='orders-page'>
        <SearchBar placeholder={t('orders.searchPlaceholder')} onSearch={setQ} onClear={() => setQ('')} />
        <View className='cp-filters'>
          <ChoiceField name='state' label={t('orders.state')} value={state} onChange={setState} options={[{ value: '', label: t('common.all') }, ...ORDER_STATES.map((s) => ({ value: s, label: t(`orders.state.${s}`) }))]} />
        </View>
        <ListBody
          list={list}
          render={(order) => (
            <Cell
              key={order.id}
              clickable
              title={`${order.number} · ${order.accountName}`}
              description={[formatFen(order.netTotal), t('orders.lineCount', { count: order.lineCount }), me?.partner ? order.ownerName : order.partnerName, date(order.createdAt)].join(' · ')}
              extra={<OrderStateTag state={order.state} />}
              onClick={() => goTo('order', { id: order.id })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
