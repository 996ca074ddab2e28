import type { Position } from './location';

/** Browser geolocation (WGS-84; WeChat's JSSDK, which answers GCJ-02, replaces it inside WeChat later). */
export function currentPosition(): Promise<Position> {
  return new Promise((resolve, reject) => {
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => resolve({ latitude: coords.latitude, longitude: coords.longitude, accuracy: coords.accuracy }),
      (error) => reject(new Error(error.message)),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  });
}
