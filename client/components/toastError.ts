import Taro from '@tarojs/taro';
import { DeviceError } from '../platform/device-error';
import { describeError } from './StateViews';

/**
 * Says briefly what went wrong after a tap (an action, not a page load). Kept apart from StateViews so pages that
 * only load and show do not pull Taro's toast and modal code into the first load.
 */
export function toastError(error: unknown): void {
  if (error instanceof DeviceError && error.reason === 'cancelled') return; // the person's own choice
  void Taro.showToast({ title: describeError(error), icon: 'none', duration: 3000 });
}
