/** A plain browser has no scanner; inside WeChat the JSSDK's scanQRCode takes over with the WeChat integration. */
export async function scanCode(): Promise<string> {
  throw new Error('Scanning needs WeChat: open this page in WeChat or use the mini-program');
}
