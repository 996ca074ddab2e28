import { Text, View } from '@tarojs/components';
import { EntryGrid } from '../../../components/EntryGrid';
import { PageContainer } from '../../../components/PageContainer';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';

export default function HomePage() {
  const { t } = useI18n();
  const { me } = useMe();
  return (
    <PageContainer tab title={t('app.name')}>
      {me && (
        <View data-testid='home-page'>
          <View className='cp-hero'>
            <Text className='cp-hero__title' data-testid='welcome'>{t('home.welcome', { name: me.name })}</Text>
            <Text className='cp-hero__sub'>{me.partner ? `${me.partner.name} · ${t('home.partnerOf', { tenant: me.tenant.name })}` : t('home.upstreamOf', { tenant: me.tenant.name })}</Text>
          </View>
          <EntryGrid />
        </View>
      )}
    </PageContainer>
  );
}
