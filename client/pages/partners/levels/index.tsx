import '../messages';
import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { PageContainer } from '../../../components/PageContainer';
import { EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { goTo } from '../../../services/navigation';

/** Levels are few (a handful per tenant): one request, no paging. */
export default function LevelsPage() {
  const { t } = useI18n();
  const { data: levels, error, reload } = useRecord('all', () => api.levels.list());
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));

  let body;
  if (error) body = <ErrorView error={error} onRetry={reload} />;
  else if (!levels) body = <LoadingView />;
  else if (!levels.length) body = <EmptyView />;
  else
    body = levels.map((level) => (
      <Cell
        key={level.id}
        clickable
        title={`${level.rank}. ${level.name}`}
        description={t('levels.summary', { leads: level.leadLimit, accounts: level.accountLimit, discount: level.maxDiscountPct })}
        onClick={() => goTo('levelEdit', { id: level.id })}
      />
    ));
  return (
    <PageContainer requires='levels.manage' title={t('levels.title')}>
      <View data-testid='levels-page'>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('levelEdit')}>{t('levels.create')}</Button>
        </View>
        {body}
      </View>
    </PageContainer>
  );
}
