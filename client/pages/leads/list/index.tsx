import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell, SearchBar } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { LEAD_STATES, type LeadPool } from '../../../../types/leads';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { toastError } from '../../../components/toastError';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { leadsApi } from '../leads-api';
import { LeadStateTag } from '../LeadStateTag';

/** Leads the caller may see: mine or all, by state and text, newest first, loading more as one scrolls. */
export default function LeadListPage() {
  const { t, date } = useI18n();
  const { me, can } = useMe();
  const params = useRouter().params;
  const partnerStaff = Boolean(me?.partner);
  const [q, setQ] = useState('');
  const [scope, setScope] = useState(params.scope ?? (partnerStaff ? 'mine' : 'all'));
  const [state, setState] = useState(params.state ?? '');
  const [poolId, setPoolId] = useState(params.poolId ?? '');
  const [pools, setPools] = useState<LeadPool[]>([]);
  useEffect(() => {
    leadsApi.pools().then(setPools, () => setPools([]));
  }, []);
  const list = usePagedList(
    (cursor) => leadsApi.list({ cursor, q, state, poolId, owner: scope === 'mine' ? 'me' : undefined }),
    `${q}|${scope}|${state}|${poolId}`,
  );

  const [exporting, setExporting] = useState(false);
  async function exportList() {
    setExporting(true);
    try {
      await leadsApi.export({ q, state, poolId, owner: scope === 'mine' ? 'me' : undefined });
      void Taro.showToast({ title: t('leads.exported'), icon: 'success' });
    } catch (e) {
      toastError(e);
    } finally {
      setExporting(false);
    }
  }

  return (
    <PageContainer requires='leads.use' title={t('leads.title')}>
      <View data-testid='leads-page'>
        <SearchBar placeholder={t('leads.searchPlaceholder')} onSearch={setQ} onClear={() => setQ('')} />
        <View className='cp-filters'>
          <ChoiceField name='scope' label='' value={scope} onChange={setScope} options={['mine', 'all'].map((s) => ({ value: s, label: t(`leads.scope.${s as 'mine' | 'all'}`) }))} />
          <ChoiceField
            name='state'
            label={t('leads.state')}
            value={state}
            onChange={setState}
            options={[{ value: '', label: t('common.all') }, ...LEAD_STATES.map((s) => ({ value: s, label: t(`leads.state.${s}`) }))]}
          />
          {pools.length > 0 && (
            <ChoiceField name='poolId' label={t('leads.pools')} value={poolId} onChange={setPoolId} options={[{ value: '', label: t('common.all') }, ...pools.map((p) => ({ value: p.id, label: p.name }))]} />
          )}
        </View>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('leadEdit')} data-testid='lead-create'>{t('leads.create')}</Button>
          <Button size='small' fill='outline' onClick={() => goTo('leadPools')} data-testid='lead-pools'>{t('leads.pools')}</Button>
          <Button size='small' fill='outline' loading={exporting} onClick={exportList} data-testid='lead-export'>{t('leads.export')}</Button>
          {can('leads.import') && <Button size='small' fill='outline' onClick={() => goTo('leadImport')} data-testid='lead-import'>{t('leads.import')}</Button>}
        </View>
        <ListBody
          list={list}
          render={(lead) => (
            <Cell
              key={lead.id}
              clickable
              title={lead.company}
              description={[lead.contactName, lead.ownerName ?? lead.partnerName, date(lead.updatedAt)].filter(Boolean).join(' · ')}
              extra={<LeadStateTag state={lead.state} />}
              onClick={() => goTo('lead', { id: lead.id })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
