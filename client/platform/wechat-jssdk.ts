import { api } from '../services/api';
import { DeviceError } from './device-error';
import { landingUrl } from './landing';

/** The JS-SDK calls our pages make; wx.config lists exactly these. */
const JS_API_LIST = ['getLocation', 'scanQRCode', 'updateAppMessageShareData', 'updateTimelineShareData'] as const;
type JsApi = (typeof JS_API_LIST)[number];

interface WxResult {
  errMsg: string;
  [field: string]: unknown;
}
interface WxCallbacks {
  success?: (result: WxResult) => void;
  fail?: (result: WxResult) => void;
  cancel?: (result: WxResult) => void;
}
interface Wx extends Record<JsApi, (options: WxCallbacks & Record<string, unknown>) => void> {
  config(options: Record<string, unknown>): void;
  ready(callback: () => void): void;
  error(callback: (result: WxResult) => void): void;
}
declare global {
  interface Window {
    wx?: Wx;
  }
}

export const insideWeChat = (): boolean => /MicroMessenger/i.test(navigator.userAgent);

/**
 * The URL WeChat checks the signature against: on iOS the page the web view first loaded (a single-page app's
 * later history entries do not count), elsewhere the current page. Both without the fragment.
 */
function signedPageUrl(): string {
  // Navigation Timing names the loaded document exactly; older iOS web views lack it, and then the address the
  // app saw at start-up stands in.
  const navigation = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  const landing = navigation?.name ?? landingUrl() ?? window.location.href;
  return (/iPhone|iPad|iPod/i.test(navigator.userAgent) ? landing : window.location.href).split('#')[0];
}

function loadScript(src: string): Promise<Wx> {
  if (window.wx) return Promise.resolve(window.wx);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => (window.wx ? resolve(window.wx) : reject(new DeviceError('unavailable', 'jweixin did not load')));
    script.onerror = () => {
      script.remove();
      reject(new DeviceError('unavailable', `cannot load ${src}`));
    };
    document.head.appendChild(script);
  });
}

let configured: { url: string; wx: Promise<Wx> } | undefined;

/** The JS-SDK, configured for the page WeChat will check; one wx.config per signed URL, retried after a failure. */
function readyWx(): Promise<Wx> {
  const url = signedPageUrl();
  if (configured?.url === url) return configured.wx;
  const wx = (async () => {
    const config = await api.wechat.jssdkConfig(url);
    const sdk = await loadScript(config.scriptUrl);
    await new Promise<void>((resolve, reject) => {
      sdk.ready(resolve);
      sdk.error((result) => reject(new DeviceError('unavailable', result.errMsg)));
      sdk.config({ debug: false, appId: config.appId, timestamp: config.timestamp, nonceStr: config.nonceStr, signature: config.signature, jsApiList: [...JS_API_LIST] });
    });
    return sdk;
  })();
  const attempt = { url, wx };
  configured = attempt;
  wx.catch(() => {
    if (configured === attempt) configured = undefined;
  });
  return wx;
}

/** Calls one JS-SDK API and answers its result, mapping WeChat's errMsg onto a DeviceError. */
export async function callWx(api: JsApi, options: Record<string, unknown> = {}): Promise<WxResult> {
  const sdk = await readyWx();
  return new Promise((resolve, reject) => {
    sdk[api]({
      ...options,
      success: resolve,
      cancel: () => reject(new DeviceError('cancelled')),
      fail: (result) => reject(new DeviceError(/deny|denied/i.test(result.errMsg) ? 'denied' : 'failed', result.errMsg)),
    });
  });
}
