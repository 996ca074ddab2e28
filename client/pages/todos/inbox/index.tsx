import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Badge, Button, Cell } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { InboxItem } from '../../../../types/inbox';
import { pagePath } from '../../../../types/pages';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { toastError } from '../../../components/toastError';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { refreshInboxBadge } from '../../../services/inbox-badge';
import { openPath } from '../../../services/navigation';

const open = (item: InboxItem) => {
  if (item.link) void openPath(pagePath(item.link));
};

/** The Messages tab: to-dos (open or done) and notices (unread first to catch the eye), with the tab badge. */
export default function InboxPage() {
  const { t, date } = useI18n();
  const [tab, setTab] = useState<'todos' | 'notices'>('todos');
  const [showDone, setShowDone] = useState(false);
  const todos = usePagedList((cursor) => api.inbox.todos({ cursor, state: showDone ? 'done' : 'open' }), `todos|${showDone}`);
  const notices = usePagedList((cursor) => api.inbox.notices({ cursor }), 'notices');
  usePullDownRefresh(() => void Promise.all([todos.reload(), notices.reload(), refreshInboxBadge()]).finally(() => Taro.stopPullDownRefresh()));

  async function complete(item: InboxItem) {
    try {
      await api.inbox.complete(item.id);
      await Promise.all([todos.reload(), refreshInboxBadge()]);
    } catch (error) {
      toastError(error);
    }
  }

  async function read(item: InboxItem) {
    if (!item.readAt) {
      await api.inbox.read(item.id).catch(() => undefined);
      void notices.reload();
      void refreshInboxBadge();
    }
    open(item);
  }

  async function readAll() {
    try {
      await api.inbox.readAll();
      await Promise.all([notices.reload(), refreshInboxBadge()]);
    } catch (error) {
      toastError(error);
    }
  }

  return (
    <PageContainer tab title={t('messages.title')}>
      <View data-testid='inbox-page'>
        {/* A plain switch, not NutUI's Tabs: those measure their titles after render and throw if the page has
            already been left (a tap on an item right after opening). */}
        <View className='cp-filters'>
          <ChoiceField
            name='pane'
            label=''
            value={tab}
            onChange={(value) => setTab(value as 'todos' | 'notices')}
            options={[{ value: 'todos', label: t('messages.todos') }, { value: 'notices', label: t('messages.notices') }]}
          />
        </View>
        {tab === 'todos' ? (
          <View data-testid='pane-todos'>
            <View className='cp-toolbar'>
              <Button size='small' fill='none' onClick={() => setShowDone(!showDone)} data-testid='todos-toggle'>
                {showDone ? t('messages.showOpen') : t('messages.showDone')}
              </Button>
            </View>
            <ListBody
              list={todos}
              emptyText={t('messages.todosEmpty')}
              render={(item) => (
                <Cell
                  key={item.id}
                  clickable
                  title={item.title}
                  description={[item.body, item.dueAt ? t('messages.due', { time: date(item.dueAt, true) }) : date(item.createdAt, true)].filter(Boolean).join(' · ')}
                  extra={
                    item.state === 'open' && item.completable ? (
                      <Button size='small' type='primary' fill='outline' onClick={(event) => { event.stopPropagation(); void complete(item); }}>
                        {t('messages.complete')}
                      </Button>
                    ) : item.state === 'done' ? (
                      <Text className='cp-muted'>{t('messages.done')}</Text>
                    ) : undefined
                  }
                  onClick={() => open(item)}
                />
              )}
            />
          </View>
        ) : (
          <View data-testid='pane-notices'>
            <View className='cp-toolbar'>
              <Button size='small' fill='none' onClick={readAll} data-testid='notices-read-all'>{t('messages.readAll')}</Button>
            </View>
            <ListBody
              list={notices}
              emptyText={t('messages.noticesEmpty')}
              render={(item) => (
                <Cell
                  key={item.id}
                  clickable
                  title={item.readAt ? item.title : <Badge dot>{item.title}</Badge>}
                  description={[item.body, date(item.createdAt, true)].filter(Boolean).join(' · ')}
                  onClick={() => void read(item)}
                />
              )}
            />
          </View>
        )}
      </View>
    </PageContainer>
  );
}
