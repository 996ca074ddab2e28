import '../messages';
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { formatFen } from '../../../../types/money';
import type { OpportunityStats, SalesProcess } from '../../../../types/opportunities';
import { ChoiceField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useI18n } from '../../../i18n';
import { useLevels } from '../../../services/reference';
import { opportunitiesApi } from '../opportunities-api';

/**
 * Opportunities across the partners the caller oversees: the funnel (drawn with plain views, so it is the same in a
 * browser and in the mini-program, and needs no chart library), amount and win rate by stage, and the weighted
 * forecast by month; filtered by process and partner level.
 */
export default function OpportunityStatsPage() {
  const { t } = useI18n();
  const levels = useLevels();
  const [processes, setProcesses] = useState<SalesProcess[]>([]);
  const [processId, setProcessId] = useState('');
  const [levelId, setLevelId] = useState('');
  const [stats, setStats] = useState<OpportunityStats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    opportunitiesApi.processes().then(setProcesses, () => setProcesses([]));
  }, []);
  const [generation, setGeneration] = useState(0);
  const load = () => setGeneration((g) => g + 1);
  useEffect(() => {
    // Only the answer to the latest filters is shown: a slower earlier one is dropped.
    let current = true;
    setError(null);
    opportunitiesApi.stats({ processId: processId || undefined, levelId: levelId || undefined }).then((s) => current && setStats(s), (e) => current && setError(e));
    return () => {
      current = false;
    };
  }, [processId, levelId, generation]);

  const widest = Math.max(1, ...(stats?.stages.map((s) => s.reached) ?? [1]));
  return (
    <PageContainer requires='opportunities.analyse' title={t('opportunities.stats')}>
      <View data-testid='opportunity-stats-page'>
        <View className='cp-filters'>
          <ChoiceField name='processId' label={t('opportunities.processes')} value={processId} onChange={setProcessId} options={[{ value: '', label: t('common.all') }, ...processes.map((p) => ({ value: p.id, label: p.name }))]} />
          <ChoiceField name='levelId' label={t('opportunities.level')} value={levelId} onChange={setLevelId} options={[{ value: '', label: t('common.all') }, ...levels.map((l) => ({ value: l.id, label: l.name }))]} />
        </View>
        {error ? <ErrorView error={error} onRetry={load} /> : !stats ? <LoadingView /> : !stats.stages.length ? <EmptyView text={t('opportunities.stats.empty')} /> : (
          <>
            <View className='cp-card'>
              <Text className='cp-muted'>{t('opportunities.stats.totals', { ...stats.totals, openAmount: formatFen(stats.totals.openAmount), wonAmount: formatFen(stats.totals.wonAmount) })}</Text>
            </View>
            <View className='cp-section'>
              <Text className='cp-section__title'>{t('opportunities.stats.funnel')}</Text>
              <View className='cp-funnel' data-testid='funnel'>
                {stats.stages.map((s) => (
                  <View key={s.key} className='cp-funnel__row' data-testid='funnel-stage'>
                    <View className='cp-funnel__bar' style={{ width: `${Math.max(8, (s.reached / widest) * 100)}%` }}>
                      <Text>{`${s.name} ${t('opportunities.stats.reached', { count: s.reached })}`}</Text>
                    </View>
                  </View>
                ))}
              </View>
            </View>
            <View className='cp-section'>
              <Text className='cp-section__title'>{t('opportunities.stats.byStage')}</Text>
              {stats.stages.map((s) => (
                <View key={s.key} className='cp-card' data-testid='stage-figures'>
                  <Text>{`${s.name}（${s.probability}%）`}</Text>
                  <View className='cp-muted'>{t('opportunities.stats.open', { count: s.open, amount: formatFen(s.openAmount) })}</View>
                  <View className='cp-muted'>{s.winRate === null ? t('opportunities.stats.noWinRate') : t('opportunities.stats.winRate', { rate: `${Math.round(s.winRate * 100)}%` })}</View>
                </View>
              ))}
            </View>
            <View className='cp-section' data-testid='forecast'>
              <Text className='cp-section__title'>{t('opportunities.stats.forecast')}</Text>
              {stats.forecast.map((f) => (
                <View key={f.month} className='cp-muted'>
                  {t('opportunities.stats.month', { month: f.month === 'unscheduled' ? t('opportunities.stats.unscheduled') : f.month, weighted: formatFen(f.weighted), count: f.count, amount: formatFen(f.amount) })}
                </View>
              ))}
            </View>
          </>
        )}
      </View>
    </PageContainer>
  );
}
