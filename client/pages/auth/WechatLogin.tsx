import './messages';
import { Button as NativeButton, Image, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { miniProgramLogin, startWechatOAuth, wechatLoginKind } from '../../platform/login';
import { api } from '../../services/api';
import { completeSignIn } from '../../services/signin';
import { toastError } from '../../components/toastError';

const POLL_MS = 2000;

/** The web portal: a QR code to scan with WeChat, polled until the scan signs this page in. */
function QrLogin({ tenant }: { tenant: string }) {
  const { t } = useI18n();
  const [code, setCode] = useState<{ pendingId: string; imageUrl: string } | null>(null);
  const [status, setStatus] = useState<'idle' | 'waiting' | 'expired' | 'refused'>('idle');

  async function show() {
    try {
      setCode(await api.wechat.qr(tenant));
      setStatus('waiting');
    } catch (error) {
      toastError(error);
    }
  }

  useEffect(() => {
    if (!code || status !== 'waiting') return undefined;
    const timer = setInterval(() => {
      api.wechat.claim(code.pendingId).then(
        (answer) => {
          if (answer.status === 'signed_in') void completeSignIn(answer.tokens);
          else if (answer.status !== 'waiting') setStatus(answer.status);
        },
        () => undefined, // a missed poll is retried by the next one
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [code, status]);

  if (status === 'idle' || !code) {
    return (
      <Button block fill='outline' disabled={!tenant} onClick={show} data-testid='qr-show'>
        {t('auth.wechat.qrShow')}
      </Button>
    );
  }
  return (
    <View className='cp-qr' data-testid='qr-login'>
      {status === 'waiting' ? (
        <>
          <Image className='cp-qr__image' src={code.imageUrl} mode='aspectFit' data-testid='qr-image' />
          <Text className='cp-hint'>{t('auth.wechat.qrHint')}</Text>
        </>
      ) : (
        <>
          <Text className='cp-notice' data-testid='qr-status'>{t(status === 'refused' ? 'auth.wechat.qrRefused' : 'auth.wechat.qrExpired')}</Text>
          <Button block fill='outline' onClick={show}>{t('auth.wechat.qrRefresh')}</Button>
        </>
      )}
    </View>
  );
}

/** The mini-program: wx.login; the first time, the phone-number button links the account. */
function MiniLogin() {
  const { t } = useI18n();
  const [bindTicket, setBindTicket] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function login() {
    setBusy(true);
    try {
      const { appId, code } = await miniProgramLogin();
      const answer = await api.wechat.miniLogin(appId, code);
      if (answer.status === 'signed_in') await completeSignIn(answer.tokens);
      else setBindTicket(answer.bindTicket);
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(false);
    }
  }

  async function bind(event: { detail: { code?: string } }) {
    if (!bindTicket || !event.detail.code) return; // declined: the password form stays available
    try {
      const answer = await api.wechat.miniPhone(bindTicket, event.detail.code);
      if (answer.status === 'signed_in') await completeSignIn(answer.tokens);
    } catch (error) {
      toastError(error);
    }
  }

  if (bindTicket) {
    return (
      <View>
        <Text className='cp-hint'>{t('auth.wechat.phoneHint')}</Text>
        <NativeButton className='cp-native-button' openType='getPhoneNumber' onGetPhoneNumber={bind}>
          {t('auth.wechat.phone')}
        </NativeButton>
      </View>
    );
  }
  return (
    <Button block type='success' loading={busy} onClick={login}>
      {t('auth.wechat.mini')}
    </Button>
  );
}

/** The WeChat way in that this platform has (platform/login decides which). */
export function WechatLogin({ tenant, redirect }: { tenant: string; redirect?: string }) {
  const { t } = useI18n();
  const kind = wechatLoginKind();
  return (
    <View className='cp-wechat-login' data-testid='wechat-login'>
      {kind === 'qr' && <QrLogin tenant={tenant} />}
      {kind === 'mini' && <MiniLogin />}
      {kind === 'oauth' && (
        <Button block type='success' disabled={!tenant} onClick={() => startWechatOAuth(tenant, redirect)}>
          {t('auth.wechat.oauth')}
        </Button>
      )}
      <Text className='cp-hint cp-center'>{t('auth.wechat.or')}</Text>
    </View>
  );
}

/** Inside WeChat's browser, entering the login page hands over to WeChat at once (unless it just failed). */
export function useSilentWechatLogin(tenant: string, redirect: string | undefined, failed: boolean): void {
  useEffect(() => {
    if (!failed && tenant && wechatLoginKind() === 'oauth') startWechatOAuth(tenant, redirect);
  }, [tenant, redirect, failed]);
}
