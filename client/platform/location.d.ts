export interface Position {
  latitude: number;
  longitude: number;
  /** Metres. */
  accuracy: number;
}
/** The device position in GCJ-02 (what WeChat maps use). Rejects when the user declines. */
export declare function currentPosition(): Promise<Position>;
