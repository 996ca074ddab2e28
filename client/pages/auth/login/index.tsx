import '../messages';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { loginBody } from '../../../../types/auth';
import { FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { useForm } from '../../../components/useForm';
import { useSilentWechatLogin, WechatLogin } from '../WechatLogin';
import { useI18n, type MessageKey } from '../../../i18n';
import { api } from '../../../services/api';
import { saveTenant, savedTenant } from '../../../services/session';
import { completeSignIn } from '../../../services/signin';

const WECHAT_ERRORS = ['state_mismatch', 'denied', 'code_invalid', 'unavailable'];

export default function LoginPage() {
  const { t } = useI18n();
  const params = useRouter().params;
  const redirect = params.redirect ? decodeURIComponent(params.redirect) : undefined;
  const wechatError = params.wechat && WECHAT_ERRORS.includes(params.wechat) ? params.wechat : null;
  // The company code from the link (?tenant=) or the last login on this device; typing does not restart WeChat.
  const [entryTenant] = useState(() => params.tenant ?? savedTenant());
  const form = useForm({
    initial: { tenant: entryTenant, account: '', password: '' },
    toBody: (v) => v,
    schema: loginBody,
  });
  useSilentWechatLogin(entryTenant, redirect, Boolean(wechatError));

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: t('auth.login.title') });
  }, [t]);

  async function submit() {
    const ok = await form.submit(async (body) => {
      const tokens = await api.login(body);
      saveTenant(body.tenant);
      await completeSignIn(tokens, redirect);
    });
    if (!ok) form.set('password', '');
  }

  return (
    <RequiredFields.Provider value={form.required}>
      <View className='cp-page cp-login' data-testid='login-page'>
        <View className='cp-login__brand'>
          <Text className='cp-login__name'>{t('app.name')}</Text>
          <Text className='cp-login__title'>{t('auth.login.title')}</Text>
        </View>
        {wechatError && <Text className='cp-notice' data-testid='wechat-error'>{t(`auth.wechat.error.${wechatError}` as MessageKey)}</Text>}
        <View className='cp-card'>
          <TextField name='tenant' label={t('auth.login.tenant')} placeholder={t('auth.login.tenantPlaceholder')} value={form.values.tenant} onChange={(v) => form.set('tenant', v)} error={form.errors.tenant} />
          <View className='cp-card__section'>
            <WechatLogin tenant={form.values.tenant.trim()} redirect={redirect} />
          </View>
          <TextField name='account' label={t('auth.login.account')} placeholder={t('auth.login.accountPlaceholder')} value={form.values.account} onChange={(v) => form.set('account', v)} error={form.errors.account} />
          <TextField name='password' type='password' label={t('auth.login.password')} placeholder={t('auth.login.passwordPlaceholder')} value={form.values.password} onChange={(v) => form.set('password', v)} error={form.errors.password} />
          <FormActions submitting={form.submitting} onSubmit={submit} label={t('auth.login.submit')} error={form.formError} />
        </View>
        <Text className='cp-hint'>{t('auth.login.hint')}</Text>
        <LanguageSwitch />
      </View>
    </RequiredFields.Provider>
  );
}
