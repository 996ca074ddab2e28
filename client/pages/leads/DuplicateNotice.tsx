import './messages';
import { Text, View } from '@tarojs/components';
import type { DuplicateHit } from '../../../types/duplicates';
import { useI18n } from '../../i18n';
import { goTo } from '../../services/navigation';

/** What the duplicate check found, as the caller may know it: where the record sits, a link only when it is theirs to open. */
export function DuplicateNotice({ hits }: { hits: DuplicateHit[] }) {
  const { t } = useI18n();
  if (!hits.length) return null;
  return (
    <View className='cp-notice' data-testid='lead-duplicates'>
      {hits.map((hit, index) => (
        <View key={index}>
          <Text>{`${t(`leads.duplicate.${hit.holder}`)}（${hit.matchedOn.map((field) => t(`leads.matchedOn.${field}`)).join('、')}）`}</Text>
          {hit.recordId && (
            <Text className='cp-link' onClick={() => goTo('lead', { id: hit.recordId! })}>
              {` ${t('leads.duplicate.open')}`}
            </Text>
          )}
        </View>
      ))}
    </View>
  );
}
