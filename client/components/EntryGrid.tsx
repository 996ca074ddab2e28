import { Text, View } from '@tarojs/components';
import { useI18n } from '../i18n';
import { useMe } from '../services/me';
import { ADMIN_ENTRIES, WORK_ENTRIES, goTo } from '../services/navigation';

/** The entries the signed-in user may open: the upstream's admin area, then the business areas. */
export function EntryGrid() {
  const { t } = useI18n();
  const { can } = useMe();
  const admin = ADMIN_ENTRIES.filter((entry) => can(entry.action));
  const work = WORK_ENTRIES.filter((entry) => can(entry.action));
  return (
    <View>
      {admin.length > 0 && (
        <View className='cp-section'>
          <Text className='cp-section__title'>{t('work.admin')}</Text>
          <View className='cp-grid' data-testid='admin-entries'>
            {admin.map((entry) => (
              <View key={entry.route} className='cp-grid__item' onClick={() => goTo(entry.route)} data-testid={`entry-${entry.route}`}>
                <Text className='cp-grid__label'>{t(entry.label)}</Text>
              </View>
            ))}
          </View>
        </View>
      )}
      <View className='cp-section'>
        <Text className='cp-section__title'>{t('work.business')}</Text>
        <View className='cp-grid' data-testid='work-entries'>
          {work.map((entry) => (
            <View key={entry.route} className='cp-grid__item' onClick={() => goTo(entry.route)} data-testid={`entry-${entry.route}`}>
              <Text className='cp-grid__label'>{t(entry.label)}</Text>
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}
