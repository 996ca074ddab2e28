import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useI18n } from '../i18n';
import { scanCode } from '../platform/scan';
import { openPath } from '../services/navigation';
import { toastError } from './toastError';

/** An app page named by a scanned code: "/pages/…" or a link to one on this site. */
function appPathOf(text: string): string | undefined {
  if (text.startsWith('/pages/')) return text;
  if (process.env.TARO_ENV !== 'h5' || !/^https?:\/\//.test(text)) return undefined;
  const url = new URL(text);
  return url.origin === window.location.origin && url.pathname.startsWith('/pages/') ? `${url.pathname}${url.search}` : undefined;
}

/** Scans a code: a code of ours opens its page; anything else is shown so it can be copied. */
export function ScanButton() {
  const { t } = useI18n();

  async function scan() {
    try {
      const text = await scanCode();
      const path = appPathOf(text);
      if (path) await openPath(path);
      else await Taro.showModal({ title: t('scan.result'), content: text, showCancel: false, confirmText: t('common.confirm') });
    } catch (error) {
      toastError(error);
    }
  }

  return (
    <Button type='primary' fill='outline' block onClick={scan} data-testid='scan'>
      {t('scan.action')}
    </Button>
  );
}
