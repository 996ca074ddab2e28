import './follow-up-messages';
import { Text, View } from '@tarojs/components';
import type { FollowUpKind, FollowUpInput } from '../../types/leads';
import { useI18n } from '../i18n';
import { ListBody } from './ListBody';
import type { PagedList } from './usePagedList';

interface TimelineEvent {
  id: string;
  actorName: string | null;
  kind: FollowUpKind | null;
  text: string;
  position: FollowUpInput['position'] | null;
  at: string;
}

/**
 * A record's timeline (leads, accounts), newest first, loading more as one scrolls: who did what (`action` names the
 * event in the record's own words), how they followed up, what they wrote, where, and when.
 */
export function Timeline<E extends TimelineEvent>({ title, list, action, system, testId }: { title: string; list: PagedList<E>; action: (event: E) => string; system: string; testId: string }) {
  const { t, date } = useI18n();
  return (
    <View className='cp-section'>
      <Text className='cp-section__title'>{title}</Text>
      <View className='cp-timeline' data-testid={testId}>
        <ListBody
          list={list}
          render={(event) => (
            <View key={event.id} className='cp-timeline__item'>
              <Text className='cp-timeline__title'>{`${event.actorName ?? system} ${action(event)}${event.kind ? ` · ${t(`followUp.kind.${event.kind}`)}` : ''}`}</Text>
              {event.text && <View>{event.text}</View>}
              {event.position && <View className='cp-muted'>{t('followUp.position', { latitude: event.position.latitude.toFixed(5), longitude: event.position.longitude.toFixed(5) })}</View>}
              <Text className='cp-timeline__meta'>{date(event.at, true)}</Text>
            </View>
          )}
        />
      </View>
    </View>
  );
}
