import '../messages';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { changePasswordBody } from '../../../../types/auth';
import { FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { useForm } from '../../../components/useForm';
import { t as translateNow, useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { loadMe, useMe } from '../../../services/me';
import { goHome } from '../../../services/navigation';
import { tokenStore } from '../../../services/session';

// The confirmation must match; the rest is the server's own schema.
const schema = changePasswordBody.extend({ confirm: changePasswordBody.shape.newPassword }).refine((v) => v.confirm === v.newPassword, {
  path: ['confirm'],
  get message() {
    return translateNow('auth.password.mismatch');
  },
});

export default function PasswordPage() {
  const { t } = useI18n();
  const { me } = useMe();
  const form = useForm({ initial: { currentPassword: '', newPassword: '', confirm: '' }, toBody: (v) => v, schema });

  async function submit() {
    await form.submit(async ({ currentPassword, newPassword }) => {
      tokenStore.set(await api.changePassword({ currentPassword, newPassword }));
      await loadMe(true);
      await Taro.showToast({ title: t('auth.password.done'), icon: 'success' });
      goHome();
    });
  }

  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer beforePasswordChange title={t('auth.password.title')}>
        <View data-testid='password-page'>
          {me?.mustChangePassword && <Text className='cp-notice' data-testid='forced-hint'>{t('auth.password.forcedHint')}</Text>}
          <View className='cp-card'>
            <TextField name='currentPassword' type='password' label={t('auth.password.current')} value={form.values.currentPassword} onChange={(v) => form.set('currentPassword', v)} error={form.errors.currentPassword} />
            <TextField name='newPassword' type='password' label={t('auth.password.new')} hint={t('auth.password.rule')} value={form.values.newPassword} onChange={(v) => form.set('newPassword', v)} error={form.errors.newPassword} />
            <TextField name='confirm' type='password' label={t('auth.password.confirm')} value={form.values.confirm} onChange={(v) => form.set('confirm', v)} error={form.errors.confirm} />
            <FormActions submitting={form.submitting} onSubmit={submit} label={t('auth.password.submit')} error={form.formError} />
          </View>
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
