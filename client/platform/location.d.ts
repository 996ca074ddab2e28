export interface Position {
  latitude: number;
  longitude: number;
  /** Metres. */
  accuracy: number;
  /**
   * GCJ-02 (what WeChat and Chinese maps use) inside WeChat and the mini-program; a plain browser reports WGS-84,
   * which sits a few hundred metres off on a Chinese map.
   */
  datum: 'gcj02' | 'wgs84';
}
/** The device position. Rejects with a DeviceError: denied when the person refuses, unavailable without a source. */
export declare function currentPosition(): Promise<Position>;
