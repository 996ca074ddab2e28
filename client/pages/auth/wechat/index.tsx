import '../messages';
import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { goToLogin } from '../../../services/navigation';
import { completeSignIn } from '../../../services/signin';

/** Where WeChat's authorization lands a bound person: claim the one-time sign-in and go on. */
export default function WechatLandingPage() {
  const { t } = useI18n();
  const { pending, redirect } = useRouter().params;
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!pending) return goToLogin();
    api.wechat.claim(pending).then(
      (answer) => (answer.status === 'signed_in' ? completeSignIn(answer.tokens, redirect && decodeURIComponent(redirect)) : goToLogin()),
      setError,
    );
  }, [pending, redirect]);

  return (
    <View className='cp-page' data-testid='wechat-landing'>
      {error ? <ErrorView error={error} onRetry={goToLogin} /> : <LoadingView rows={2} />}
      <View className='cp-hint cp-center'>{t('auth.wechat.signingIn')}</View>
    </View>
  );
}
