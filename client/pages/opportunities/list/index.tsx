import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell, SearchBar } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { formatFen } from '../../../../types/money';
import { OPPORTUNITY_STATES } from '../../../../types/opportunities';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { useLevels } from '../../../services/reference';
import { opportunitiesApi } from '../opportunities-api';
import { OpportunityStateTag } from '../OpportunityStateTag';

/** Opportunities the caller may see: mine or all, by state and text, newest first, loading more as one scrolls. */
export default function OpportunityListPage() {
  const { t, date } = useI18n();
  const { me, can } = useMe();
  const params = useRouter().params;
  const [q, setQ] = useState('');
  const [scope, setScope] = useState(params.scope ?? (me?.partner ? 'mine' : 'all'));
  const [state, setState] = useState(params.state ?? '');
  const [levelId, setLevelId] = useState('');
  const levels = useLevels();
  const list = usePagedList((cursor) => opportunitiesApi.list({ cursor, q, state, levelId, owner: scope === 'mine' ? 'me' : undefined, accountId: params.accountId }), `${q}|${scope}|${state}|${levelId}`);

  return (
    <PageContainer requires='opportunities.use' title={t('opportunities.title')}>
      <View data-testid='opportunities-page'>
        <SearchBar placeholder={t('opportunities.searchPlaceholder')} onSearch={setQ} onClear={() => setQ('')} />
        <View className='cp-filters'>
          <ChoiceField name='scope' label='' value={scope} onChange={setScope} options={['mine', 'all'].map((s) => ({ value: s, label: t(`opportunities.scope.${s as 'mine' | 'all'}`) }))} />
          {!me?.partner && (
            <ChoiceField name='levelId' label={t('opportunities.level')} value={levelId} onChange={setLevelId} options={[{ value: '', label: t('common.all') }, ...levels.map((l) => ({ value: l.id, label: l.name }))]} />
          )}
          <ChoiceField name='state' label={t('opportunities.state')} value={state} onChange={setState} options={[{ value: '', label: t('common.all') }, ...OPPORTUNITY_STATES.map((s) => ({ value: s, label: t(`opportunities.state.${s}`) }))]} />
        </View>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('opportunityEdit', { accountId: params.accountId })} data-testid='opportunity-create'>{t('opportunities.create')}</Button>
          {can('opportunities.analyse') && <Button size='small' fill='outline' onClick={() => goTo('opportunityStats')} data-testid='opportunity-stats'>{t('opportunities.stats')}</Button>}
          {can('salesProcesses.configure') && <Button size='small' fill='outline' onClick={() => goTo('salesProcesses')}>{t('opportunities.processes')}</Button>}
        </View>
        <ListBody
          list={list}
          render={(o) => (
            <Cell
              key={o.id}
              clickable
              title={o.name}
              description={[o.accountName, o.process.stages[o.stageIndex]?.name, o.amount !== null ? formatFen(o.amount) : null, o.ownerName ?? o.partnerName, date(o.updatedAt)].filter(Boolean).join(' · ')}
              extra={<OpportunityStateTag opportunity={o} />}
              onClick={() => goTo('opportunity', { id: o.id })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
