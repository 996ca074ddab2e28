import { DeviceError } from './device-error';
import type { Position } from './location';
import { callWx, insideWeChat } from './wechat-jssdk';

export async function currentPosition(): Promise<Position> {
  if (insideWeChat()) {
    const result = await callWx('getLocation', { type: 'gcj02' });
    return { latitude: Number(result.latitude), longitude: Number(result.longitude), accuracy: Number(result.accuracy), datum: 'gcj02' };
  }
  if (!('geolocation' in navigator)) throw new DeviceError('unavailable');
  return new Promise((resolve, reject) => {
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => resolve({ latitude: coords.latitude, longitude: coords.longitude, accuracy: coords.accuracy, datum: 'wgs84' }),
      (error) => reject(new DeviceError(error.code === error.PERMISSION_DENIED ? 'denied' : 'failed', error.message)),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  });
}
