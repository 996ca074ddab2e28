import Taro from '@tarojs/taro';
import { DeviceError } from './device-error';
import type { Position } from './location';

export async function currentPosition(): Promise<Position> {
  try {
    const { latitude, longitude, accuracy } = await Taro.getLocation({ type: 'gcj02' });
    return { latitude, longitude, accuracy, datum: 'gcj02' };
  } catch (error) {
    const message = (error as { errMsg?: string }).errMsg ?? String(error);
    throw new DeviceError(/auth deny|auth denied/i.test(message) ? 'denied' : 'failed', message);
  }
}
