/**
 * Why a device capability (position, camera, share sheet) gave no answer. `cancelled` is the person's own choice
 * and needs no message; the others say what to do next.
 */
export type DeviceFailure = 'cancelled' | 'denied' | 'unavailable' | 'failed';

export class DeviceError extends Error {
  constructor(
    readonly reason: DeviceFailure,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'DeviceError';
  }
}
