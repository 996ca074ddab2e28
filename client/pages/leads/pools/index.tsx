import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { LeadPool } from '../../../../types/leads';
import { PageContainer } from '../../../components/PageContainer';
import { EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { leadsApi } from '../leads-api';

/** The pools the caller belongs to (all, for an admin, who also creates and edits them here). */
export default function LeadPoolsPage() {
  const { t } = useI18n();
  const { can } = useMe();
  const [pools, setPools] = useState<LeadPool[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const admin = can('leadPools.configure');
  const load = () => leadsApi.pools().then(setPools, setError);
  useDidShow(() => void load());

  const limit = (value: number | null) => (value === null ? t('leads.pools.unlimited') : String(value));
  return (
    <PageContainer requires='leads.use' title={t('leads.pools')}>
      <View data-testid='lead-pools-page'>
        {admin && (
          <View className='cp-toolbar'>
            <Button type='primary' size='small' onClick={() => goTo('leadPoolEdit')} data-testid='pool-create'>{t('leads.pools.create')}</Button>
          </View>
        )}
        {error ? <ErrorView error={error} onRetry={load} /> : !pools ? <LoadingView /> : !pools.length ? <EmptyView text={t('leads.pools.empty')} /> : (
          pools.map((pool) => (
            <Cell
              key={pool.id}
              clickable
              title={pool.name}
              description={`${t(`leads.pools.distribution.${pool.distribution}`)} · ${t('leads.pools.summary.claim', { perPerson: limit(pool.claim.perPerson), daily: limit(pool.claim.dailyLimit) })}`}
              extra={admin ? <View className='cp-link' onClick={(e) => { e.stopPropagation(); goTo('leadPoolEdit', { id: pool.id }); }}>{t('common.edit')}</View> : undefined}
              onClick={() => goTo('leadPool', { id: pool.id })}
            />
          ))
        )}
      </View>
    </PageContainer>
  );
}
