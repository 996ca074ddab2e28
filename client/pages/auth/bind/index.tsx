import '../messages';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { wechatBindBody } from '../../../../types/wechat';
import { FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { useForm } from '../../../components/useForm';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { completeSignIn } from '../../../services/signin';

/** First WeChat login of an unbound person: the account and password, once, link this WeChat to the account. */
export default function BindPage() {
  const { t } = useI18n();
  const { ticket, redirect } = useRouter().params;
  const bindTicket = ticket ? decodeURIComponent(ticket) : '';
  const form = useForm({
    initial: { account: '', password: '' },
    toBody: (v) => ({ bindTicket, account: v.account, password: v.password }),
    schema: wechatBindBody,
  });

  async function submit() {
    const ok = await form.submit(async (body) => completeSignIn(await api.wechat.bind(body.bindTicket, body.account, body.password), redirect && decodeURIComponent(redirect)));
    if (!ok) form.set('password', '');
  }

  return (
    <RequiredFields.Provider value={form.required}>
      <View className='cp-page' data-testid='bind-page'>
        <Text className='cp-notice'>{t('auth.bind.hint')}</Text>
        <View className='cp-card'>
          <TextField name='account' label={t('auth.login.account')} placeholder={t('auth.login.accountPlaceholder')} value={form.values.account} onChange={(v) => form.set('account', v)} error={form.errors.account} />
          <TextField name='password' type='password' label={t('auth.login.password')} value={form.values.password} onChange={(v) => form.set('password', v)} error={form.errors.password} />
          <FormActions submitting={form.submitting} onSubmit={submit} label={t('auth.bind.submit')} error={form.formError || form.errors.bindTicket} />
        </View>
      </View>
    </RequiredFields.Provider>
  );
}
