import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { SalesProcess } from '../../../../types/opportunities';
import { PageContainer } from '../../../components/PageContainer';
import { EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { opportunitiesApi } from '../opportunities-api';

/** The upstream's sales processes, each with its stages and version, for an admin at a desk. */
export default function SalesProcessesPage() {
  const { t } = useI18n();
  const [processes, setProcesses] = useState<SalesProcess[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => opportunitiesApi.processes().then(setProcesses, setError);
  useDidShow(() => void load());
  return (
    <PageContainer requires='salesProcesses.configure' title={t('opportunities.processes')}>
      <View data-testid='processes-page'>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('salesProcessEdit')} data-testid='process-create'>{t('opportunities.processes.create')}</Button>
        </View>
        {error ? <ErrorView error={error} onRetry={load} /> : !processes ? <LoadingView /> : !processes.length ? <EmptyView /> : (
          processes.map((p) => (
            <Cell
              key={p.id}
              clickable
              title={`${p.name}${p.active ? '' : ` · ${t('opportunities.processes.inactive')}`}`}
              description={`${t('opportunities.processes.version', { version: p.version })} · ${p.stages.map((s) => `${s.name} ${s.probability}%`).join(' → ')}`}
              onClick={() => goTo('salesProcessEdit', { id: p.id })}
            />
          ))
        )}
      </View>
    </PageContainer>
  );
}
