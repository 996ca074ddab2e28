import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { AccountPool } from '../../../../types/accounts';
import { PageContainer } from '../../../components/PageContainer';
import { EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { accountsApi } from '../accounts-api';

/** The account pools the caller belongs to (all, for an admin, who also creates and edits them here). */
export default function AccountPoolsPage() {
  const { t } = useI18n();
  const { can } = useMe();
  const [pools, setPools] = useState<AccountPool[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const admin = can('accountPools.configure');
  const load = () => accountsApi.pools().then(setPools, setError);
  useDidShow(() => void load());

  return (
    <PageContainer requires='accounts.use' title={t('accounts.pools')}>
      <View data-testid='account-pools-page'>
        {admin && (
          <View className='cp-toolbar'>
            <Button type='primary' size='small' onClick={() => goTo('accountPoolEdit')} data-testid='account-pool-create'>{t('accounts.pools.create')}</Button>
          </View>
        )}
        {error ? <ErrorView error={error} onRetry={load} /> : !pools ? <LoadingView /> : !pools.length ? <EmptyView text={t('accounts.pools.empty')} /> : (
          pools.map((pool) => (
            <Cell
              key={pool.id}
              clickable
              title={pool.name}
              description={[t('accounts.pools.waiting', { count: pool.pooledCount }), pool.description].filter(Boolean).join(' · ')}
              extra={admin ? <View className='cp-link' onClick={(e) => { e.stopPropagation(); goTo('accountPoolEdit', { id: pool.id }); }}>{t('common.edit')}</View> : undefined}
              onClick={() => goTo('accountPool', { id: pool.id })}
            />
          ))
        )}
      </View>
    </PageContainer>
  );
}
