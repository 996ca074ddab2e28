import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { loginBody } from '../../../../types/auth';
import { FormActions, TextField } from '../../../components/Fields';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { useForm } from '../../../components/useForm';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { forgetMe, loadMe } from '../../../services/me';
import { goHome, ROUTES } from '../../../services/navigation';
import { saveTenant, savedTenant, tokenStore } from '../../../services/session';

export default function LoginPage() {
  const { t } = useI18n();
  const form = useForm({
    initial: { tenant: savedTenant(), account: '', password: '' },
    toBody: (v) => v,
    schema: loginBody,
  });

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: t('auth.login.title') });
  }, [t]);

  async function submit() {
    const ok = await form.submit(async (body) => {
      const tokens = await api.login(body);
      tokenStore.set(tokens);
      saveTenant(body.tenant);
      forgetMe();
      await loadMe(true);
      if (tokens.mustChangePassword) void Taro.redirectTo({ url: ROUTES.password });
      else goHome();
    });
    if (!ok) form.set('password', '');
  }

  return (
    <View className='cp-page cp-login' data-testid='login-page'>
      <View className='cp-login__brand'>
        <Text className='cp-login__name'>{t('app.name')}</Text>
        <Text className='cp-login__title'>{t('auth.login.title')}</Text>
      </View>
      <View className='cp-card'>
        <TextField name='tenant' label={t('auth.login.tenant')} placeholder={t('auth.login.tenantPlaceholder')} value={form.values.tenant} onChange={(v) => form.set('tenant', v)} error={form.errors.tenant} />
        <TextField name='account' label={t('auth.login.account')} placeholder={t('auth.login.accountPlaceholder')} value={form.values.account} onChange={(v) => form.set('account', v)} error={form.errors.account} />
        <TextField name='password' type='password' label={t('auth.login.password')} placeholder={t('auth.login.passwordPlaceholder')} value={form.values.password} onChange={(v) => form.set('password', v)} error={form.errors.password} />
        <FormActions submitting={form.submitting} onSubmit={submit} label={t('auth.login.submit')} error={form.formError} />
      </View>
      <Text className='cp-hint'>{t('auth.login.hint')}</Text>
      <LanguageSwitch />
    </View>
  );
}
