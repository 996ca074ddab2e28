import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { PageContainer } from '../../../components/PageContainer';
import { EmptyView } from '../../../components/StateViews';
import { useI18n } from '../../../i18n';

/** To-dos and notices arrive with the approvals and to-dos issue; until then the inbox is honestly empty. */
export default function InboxPage() {
  const { t } = useI18n();
  usePullDownRefresh(() => Taro.stopPullDownRefresh());
  return (
    <PageContainer tab title={t('messages.title')}>
      <View data-testid='inbox-page'>
        <EmptyView text={t('messages.empty')} />
      </View>
    </PageContainer>
  );
}
