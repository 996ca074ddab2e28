import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { PagedList } from './usePagedList';
import { EmptyView, ErrorView, LoadingView } from './StateViews';

/** A paged list's states in one place: skeleton, error with retry, empty, rows, and the end of the list. */
export function ListBody<T>({ list, render, emptyText }: { list: PagedList<T>; render: (item: T) => ReactNode; emptyText?: string }) {
  const { t } = useI18n();
  if (list.loading) return <LoadingView />;
  if (list.error && !list.items.length) return <ErrorView error={list.error} onRetry={list.reload} />;
  if (!list.items.length) return <EmptyView text={emptyText} />;
  return (
    <View data-testid='list'>
      {list.items.map(render)}
      <View className='cp-list-end'>
        {list.hasMore ? (
          <Button size='small' fill='none' loading={list.loadingMore} onClick={list.loadMore}>
            {t('common.loadMore')}
          </Button>
        ) : (
          t('common.noMore')
        )}
      </View>
    </View>
  );
}
