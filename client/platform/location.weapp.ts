import Taro from '@tarojs/taro';
import type { Position } from './location';

export async function currentPosition(): Promise<Position> {
  const { latitude, longitude, accuracy } = await Taro.getLocation({ type: 'gcj02' });
  return { latitude, longitude, accuracy };
}
