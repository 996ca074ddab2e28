import './follow-up-messages';
import { Text, View } from '@tarojs/components';
import type { FollowUpInput } from '../../types/leads';
import { useI18n } from '../i18n';

/** One entry of a record's timeline (leads, accounts): who did what, what they wrote, where, and when. */
export function TimelineItem({ title, text, position, at }: { title: string; text: string; position: FollowUpInput['position'] | null; at: string }) {
  const { t, date } = useI18n();
  return (
    <View className='cp-timeline__item'>
      <Text className='cp-timeline__title'>{title}</Text>
      {text && <View>{text}</View>}
      {position && <View className='cp-muted'>{t('followUp.position', { latitude: position.latitude.toFixed(5), longitude: position.longitude.toFixed(5) })}</View>}
      <Text className='cp-timeline__meta'>{date(at, true)}</Text>
    </View>
  );
}
