import { registerCatalog } from '../../../i18n';
import { deliveriesEn, deliveriesZh } from './catalog';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { Delivery } from '../../../../types/inbox';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { toastError } from '../../../components/toastError';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { deliveriesApi } from './deliveries-api';

registerCatalog({ 'zh-CN': deliveriesZh, 'en-US': deliveriesEn });

const STATES = ['dead', 'pending', 'undeliverable', 'sent'] as const;

/** The WeChat outbox as admins answer for it: failed deliveries first, each retryable. */
export default function DeliveriesPage() {
  const { t, date } = useI18n();
  const [state, setState] = useState<string>('dead');
  const list = usePagedList((cursor) => deliveriesApi.list({ cursor, state }), state);

  async function retry(delivery: Delivery) {
    try {
      await deliveriesApi.retry(delivery.id);
      void Taro.showToast({ title: t('deliveries.retried'), icon: 'none' });
      await list.reload();
    } catch (error) {
      toastError(error);
    }
  }

  return (
    <PageContainer requires='outbox.manage' title={t('deliveries.title')}>
      <View data-testid='deliveries-page'>
        <View className='cp-filters'>
          <ChoiceField name='state' label='' value={state} onChange={setState} options={STATES.map((s) => ({ value: s, label: t(`deliveries.state.${s}`) }))} />
        </View>
        <ListBody
          list={list}
          emptyText={t('deliveries.empty')}
          render={(delivery) => (
            <Cell
              key={delivery.id}
              title={delivery.title}
              description={`${t('deliveries.summary', { user: delivery.userName, attempts: delivery.attempts, error: delivery.lastError ?? '' })} · ${date(delivery.createdAt, true)}`}
              extra={delivery.state === 'dead' ? <Button size='small' type='primary' fill='outline' onClick={() => retry(delivery)}>{t('deliveries.retry')}</Button> : undefined}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
