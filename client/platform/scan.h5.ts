import { DeviceError } from './device-error';
import { callWx, insideWeChat } from './wechat-jssdk';

/** WeChat answers a bar code as "EAN_13,6901234567892"; the caller wants the code itself. */
const SYMBOLOGY = /^(EAN_8|EAN_13|UPC_A|UPC_E|CODE_39|CODE_93|CODE_128|ITF|CODABAR|DATA_MATRIX|PDF_417),/;

export async function scanCode(): Promise<string> {
  if (!insideWeChat()) throw new DeviceError('unavailable', 'a plain browser has no scanner');
  const { resultStr } = await callWx('scanQRCode', { needResult: 1, scanType: ['qrCode', 'barCode'] });
  return String(resultStr ?? '').replace(SYMBOLOGY, '');
}
