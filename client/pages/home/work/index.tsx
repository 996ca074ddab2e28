import { View } from '@tarojs/components';
import { EntryGrid } from '../../../components/EntryGrid';
import { PageContainer } from '../../../components/PageContainer';
import { ScanButton } from '../../../components/ScanButton';
import { useI18n } from '../../../i18n';

export default function WorkPage() {
  const { t } = useI18n();
  return (
    <PageContainer tab title={t('work.title')}>
      <View data-testid='work-page'>
        <View className='cp-pad'>
          <ScanButton />
        </View>
        <EntryGrid />
      </View>
    </PageContainer>
  );
}
