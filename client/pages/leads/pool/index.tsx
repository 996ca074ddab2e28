import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { toastError } from '../../../components/toastError';
import { usePagedList } from '../../../components/usePagedList';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { leadsApi } from '../leads-api';

/** What waits in one pool, showing only the pool's public fields, with a claim button on each. */
export default function LeadPoolPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const pool = useRecord(id, leadsApi.pool);
  const list = usePagedList((cursor) => leadsApi.pooled(id!, { cursor }), id ?? '');
  const hidden = t('leads.pool.hidden');

  async function claim(leadId: string) {
    try {
      const lead = await leadsApi.claim(leadId);
      void Taro.showToast({ title: t('leads.claimed'), icon: 'success' });
      goTo('lead', { id: lead.id });
    } catch (e) {
      toastError(e);
      void list.reload();
    }
  }

  const rules = pool.data?.claim;
  return (
    <PageContainer requires='leads.use' title={pool.data?.name ?? t('leads.pools')}>
      <View data-testid='lead-pool-page'>
        {pool.data?.description && <View className='cp-hint'>{pool.data.description}</View>}
        {rules && (
          <View className='cp-hint'>
            <Text>{t('leads.pools.summary.claim', { perPerson: rules.perPerson ?? t('leads.pools.unlimited'), daily: rules.dailyLimit ?? t('leads.pools.unlimited') })}</Text>
          </View>
        )}
        <ListBody
          list={list}
          emptyText={t('leads.pool.empty')}
          render={(lead) => (
            <Cell
              key={lead.id}
              title={lead.company ?? hidden}
              description={[lead.region?.province, lead.source ? t(`leads.source.${lead.source}`) : null, lead.contactName, date(lead.createdAt)].filter(Boolean).join(' · ')}
              extra={rules?.enabled ? <Button size='small' type='primary' onClick={() => claim(lead.id)} data-testid='lead-claim'>{t('leads.action.claim')}</Button> : undefined}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
