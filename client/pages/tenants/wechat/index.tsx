import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell, Tag } from '@nutui/nutui-react-taro';
import { PageContainer } from '../../../components/PageContainer';
import { EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { tenantsApi } from '../tenants-api';

/** The tenant's official account and mini-program: what partners reach ChannelPass through. */
export default function WechatAppsPage() {
  const { t } = useI18n();
  const { data: apps, error, reload } = useRecord('all', () => tenantsApi.wechatApps());
  const has = (kind: string) => apps?.some((app) => app.kind === kind);

  let body;
  if (error) body = <ErrorView error={error} onRetry={reload} />;
  else if (!apps) body = <LoadingView />;
  else if (!apps.length) body = <EmptyView text={t('wechat.empty')} />;
  else
    body = apps.map((app) => (
      <Cell
        key={app.appId}
        clickable
        title={app.name}
        description={`${app.appId}${app.callbackPath ? ` · ${t('wechat.callback')}: ${app.callbackPath}` : ''}`}
        extra={<Tag type='primary'>{t(`wechat.kind.${app.kind}`)}</Tag>}
        onClick={() => goTo('wechatEdit', { appId: app.appId, kind: app.kind })}
      />
    ));
  return (
    <PageContainer requires='wechat.manage' title={t('wechat.title')}>
      <View data-testid='wechat-apps'>
        {apps && (
          <View className='cp-toolbar cp-actions'>
            {!has('official') && <Button type='primary' size='small' onClick={() => goTo('wechatEdit', { kind: 'official' })}>{t('wechat.bindOfficial')}</Button>}
            {!has('mini') && <Button size='small' onClick={() => goTo('wechatEdit', { kind: 'mini' })}>{t('wechat.bindMini')}</Button>}
          </View>
        )}
        {body}
      </View>
    </PageContainer>
  );
}
