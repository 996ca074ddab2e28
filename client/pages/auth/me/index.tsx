import '../messages';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { PageContainer } from '../../../components/PageContainer';
import { confirmAction } from '../../../components/confirmAction';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { forgetMe, useMe } from '../../../services/me';
import { goToLogin, ROUTES } from '../../../services/navigation';
import { forgetDrafts, tokenStore } from '../../../services/session';

export default function MePage() {
  const { t } = useI18n();
  const { me } = useMe();

  async function logout() {
    const { confirm } = await Taro.showModal({ title: t('auth.logout'), content: t('auth.logoutConfirm'), confirmText: t('common.confirm'), cancelText: t('common.cancel') });
    if (!confirm) return;
    await api.logout().catch(() => undefined); // Signed out locally even when the server cannot be reached.
    tokenStore.set(null);
    forgetDrafts();
    forgetMe();
    goToLogin();
  }

  async function unbindWechat() {
    if (await confirmAction(t('me.unbindWechat'), t('me.unbindConfirm'), () => api.wechat.unbind())) {
      void Taro.showToast({ title: t('me.unbound'), icon: 'success' });
    }
  }

  return (
    <PageContainer tab beforePasswordChange title={t('me.title')}>
      {me && (
        <View data-testid='me-page'>
          <Cell.Group title={t('me.profile')}>
            <Cell title={t('me.name')} extra={me.name} />
            {me.username && <Cell title={t('me.username')} extra={me.username} />}
            {me.phone && <Cell title={t('me.phone')} extra={me.phone} />}
            <Cell title={t('me.company')} extra={me.partner?.name ?? me.tenant.name} />
            <Cell title={t('me.role')} extra={t(`role.${me.roles[0]}`)} />
          </Cell.Group>
          <Cell.Group title={t('me.language')}>
            <Cell title={<LanguageSwitch />} />
          </Cell.Group>
          <Cell.Group>
            <Cell title={t('me.changePassword')} clickable onClick={() => Taro.navigateTo({ url: ROUTES.password })} />
            <Cell title={t('me.unbindWechat')} clickable onClick={unbindWechat} />
          </Cell.Group>
          <View className='cp-pad'>
            <Button block type='danger' fill='outline' onClick={logout} data-testid='logout'>
              {t('auth.logout')}
            </Button>
          </View>
        </View>
      )}
    </PageContainer>
  );
}
