import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell, SearchBar } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { toastError } from '../../../components/toastError';
import { usePagedList } from '../../../components/usePagedList';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { accountsApi } from '../accounts-api';

/** What waits in one account pool, with a claim button on each (or when the caller may claim it again). */
export default function AccountPoolPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const pool = useRecord(id, accountsApi.pool);
  const [q, setQ] = useState('');
  const list = usePagedList((cursor) => accountsApi.pooled(id!, { cursor, q }), `${id}|${q}`);

  async function claim(accountId: string) {
    try {
      const account = await accountsApi.claim(accountId);
      void Taro.showToast({ title: t('accounts.claimed'), icon: 'success' });
      goTo('account', { id: account.id });
    } catch (e) {
      toastError(e);
      void list.reload();
    }
  }

  return (
    <PageContainer requires='accounts.use' title={pool.data?.name ?? t('accounts.pools')}>
      <View data-testid='account-pool-page'>
        {pool.data?.description && <View className='cp-hint'>{pool.data.description}</View>}
        <SearchBar placeholder={t('accounts.searchPlaceholder')} onSearch={setQ} onClear={() => setQ('')} />
        <ListBody
          list={list}
          emptyText={t('accounts.pool.empty')}
          render={(account) => (
            <Cell
              key={account.id}
              title={account.name}
              description={[account.region.province, t(`accounts.customerLevel.${account.customerLevel}`), account.industry, date(account.createdAt)].filter(Boolean).join(' · ')}
              extra={
                account.cooldownUntil ? <View className='cp-muted'>{t('accounts.pools.cooldown', { date: date(account.cooldownUntil) })}</View>
                : pool.data?.claim.enabled ? <Button size='small' type='primary' onClick={() => claim(account.id)} data-testid='account-claim'>{t('accounts.action.claim')}</Button>
                : undefined
              }
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
