import Taro from '@tarojs/taro';
import { DeviceError } from './device-error';

export async function scanCode(): Promise<string> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: false });
    return result;
  } catch (error) {
    const message = (error as { errMsg?: string }).errMsg ?? String(error);
    throw new DeviceError(/cancel/i.test(message) ? 'cancelled' : 'failed', message);
  }
}
