import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Tag } from '@nutui/nutui-react-taro';
import { PageContainer } from '../../../components/PageContainer';
import { chinaDayIn } from '../../../services/calendar';
import { EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { useLevels } from '../../../services/reference';
import { catalogApi, type PriceListView } from '../catalog-api';

/** Whether a list applies today (China's calendar); `validUntil` is the first day it no longer does. */
function stateOf(list: PriceListView, today: string): 'upcoming' | 'ended' | 'current' {
  if (list.validFrom > today) return 'upcoming';
  return list.validUntil && list.validUntil <= today ? 'ended' : 'current';
}

/**
 * The price lists in the order they win (the server answers them so: highest priority, then the earliest created),
 * each with its priority, validity, the partner and customer levels it applies to and how many products it prices.
 */
export default function PriceListsPage() {
  const { t } = useI18n();
  const levels = useLevels();
  const { data: lists, error, reload } = useRecord('all', () => catalogApi.priceLists());
  const today = chinaDayIn(0);
  const levelName = new Map(levels.map((level) => [level.id, level.name]));

  let body;
  if (error) body = <ErrorView error={error} onRetry={reload} />;
  else if (!lists) body = <LoadingView />;
  else if (!lists.length) body = <EmptyView />;
  else
    body = lists.map((list, index) => {
      const state = stateOf(list, today);
      return (
        <Cell
          key={list.id}
          clickable
          title={`${index + 1}. ${list.name}`}
          description={
            <View>
              <Text className='cp-timeline__meta'>{t('catalog.priceLists.summary', { priority: list.priority, count: list.entries.length })}</Text>
              <Text className='cp-timeline__meta'>
                {list.validUntil ? t('catalog.priceLists.period', { from: list.validFrom, until: list.validUntil }) : t('catalog.priceLists.from', { from: list.validFrom })}
              </Text>
              <Text className='cp-timeline__meta'>
                {[
                  list.partnerLevelIds.length ? list.partnerLevelIds.map((id) => levelName.get(id) ?? '…').join('、') : t('catalog.priceLists.everyLevel'),
                  list.customerLevels.length ? list.customerLevels.map((level) => t(`accounts.customerLevel.${level}`)).join('、') : t('catalog.priceLists.everyCustomer'),
                ].join(' · ')}
              </Text>
            </View>
          }
          extra={<Tag type={state === 'current' ? 'success' : 'default'} plain>{t(`catalog.priceLists.state.${state}`)}</Tag>}
          onClick={() => goTo('priceListEdit', { id: list.id })}
        />
      );
    });
  return (
    <PageContainer requires='catalog.manage' title={t('catalog.priceLists')}>
      <View data-testid='price-lists-page'>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('priceListEdit')} data-testid='price-list-create'>{t('catalog.priceLists.create')}</Button>
        </View>
        <Text className='cp-hint'>{t('catalog.priceLists.precedence')}</Text>
        {body}
      </View>
    </PageContainer>
  );
}
