import Taro from '@tarojs/taro';
import { t } from '../i18n';
import { toastError } from './toastError';

/**
 * Asks before a destructive action, runs it, and says what went wrong if it fails. Resolves true when it ran.
 */
export async function confirmAction(title: string, content: string, run: () => Promise<unknown>): Promise<boolean> {
  const { confirm } = await Taro.showModal({ title, content, confirmText: t('common.confirm'), cancelText: t('common.cancel') });
  if (!confirm) return false;
  try {
    await run();
    return true;
  } catch (error) {
    toastError(error);
    return false;
  }
}
