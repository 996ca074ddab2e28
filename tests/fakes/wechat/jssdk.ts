import { createHash } from 'node:crypto';

/**
 * WeChat's JS-SDK as a page inside WeChat sees it: `jweixin` served at its real path, whose `wx.config` is checked
 * here against the app's current jsapi ticket exactly as WeChat checks it (sha1 of the sorted jsapi_ticket,
 * noncestr, timestamp and url; on iOS the url is the page the web view first loaded, elsewhere the current one).
 * The device side (position, the camera's scan, the share sheet) is what a test or a demo sets here.
 */

export const JWEIXIN_PATH = '/open/js/jweixin-1.6.0.js';
const JSSDK_PREFIX = '/__emulator/jssdk/';

export interface DevicePosition {
  latitude: number;
  longitude: number;
  accuracy: number;
}

export interface JssdkConfigRecord {
  appId: string;
  url: string;
  jsApiList: string[];
  errMsg: string;
}

export interface ShareRecord {
  appId: string;
  kind: 'appMessage' | 'timeline';
  title: string;
  desc?: string;
  link: string;
  imgUrl?: string;
}

export interface JssdkApp {
  kind: string;
  /** JS-interface safe domains (JS接口安全域名); when set, pages and share links on other hosts are refused. */
  jsDomains?: string[];
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

const CORS = { 'access-control-allow-origin': '*' };
const answer = (value: unknown): Reply => ({ headers: { 'content-type': 'application/json', ...CORS }, body: JSON.stringify(value) });

/** People's Square, Shanghai, in GCJ-02: where the emulated phone is unless a test moves it. */
const DEFAULT_POSITION: DevicePosition = { latitude: 31.230416, longitude: 121.473701, accuracy: 30 };

export function createJssdkEmulation(deps: { baseUrl: () => string; app: (appId: string) => JssdkApp | undefined; ticket: (appId: string) => string | undefined }) {
  let position: DevicePosition | 'denied' = DEFAULT_POSITION;
  const scans: string[] = [];
  const configs: JssdkConfigRecord[] = [];
  const shares: ShareRecord[] = [];
  /** The last successful config per appId: the page whose share links must stay on its domain. */
  const configured = new Map<string, string>();

  const hostAllowed = (app: JssdkApp, url: string) => !app.jsDomains || app.jsDomains.includes(new URL(url).host);

  function verify(input: Record<string, unknown>): string {
    const appId = String(input.appId ?? '');
    const url = String(input.url ?? '');
    const app = deps.app(appId);
    if (!app || app.kind !== 'official') return 'config:invalid appid';
    if (!URL.canParse(url) || !hostAllowed(app, url)) return 'config:invalid url domain';
    const ticket = deps.ticket(appId);
    const expected =
      ticket && createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${String(input.nonceStr)}&timestamp=${String(input.timestamp)}&url=${url}`).digest('hex');
    return expected && expected === input.signature ? 'config:ok' : 'config:invalid signature';
  }

  /** Answers the emulated JS-SDK's calls; undefined for paths that are not its own. */
  function handle(path: string, method: string, raw: string): Reply | undefined {
    if (path === JWEIXIN_PATH) return { headers: { 'content-type': 'application/javascript; charset=utf-8', ...CORS }, body: script(deps.baseUrl()) };
    if (!path.startsWith(JSSDK_PREFIX)) return undefined;
    if (method === 'OPTIONS') return { status: 204, headers: { ...CORS, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' }, body: '' };
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(raw || '{}') as Record<string, unknown>;
    } catch {
      return answer({ errMsg: 'system:invalid request' });
    }
    const appId = String(input.appId ?? '');
    switch (path.slice(JSSDK_PREFIX.length)) {
      case 'config': {
        const errMsg = verify(input);
        configs.push({ appId, url: String(input.url ?? ''), jsApiList: Array.isArray(input.jsApiList) ? input.jsApiList.map(String) : [], errMsg });
        if (errMsg === 'config:ok') configured.set(appId, String(input.url));
        return answer({ errMsg });
      }
      case 'getLocation':
        return answer(position === 'denied' ? { errMsg: 'getLocation:fail auth deny' } : { errMsg: 'getLocation:ok', ...position, speed: 0 });
      case 'scanQRCode': {
        const resultStr = scans.shift();
        return answer(resultStr === undefined ? { errMsg: 'scanQRCode:pending' } : { errMsg: 'scanQRCode:ok', resultStr });
      }
      case 'updateAppMessageShareData':
      case 'updateTimelineShareData': {
        const api = path.slice(JSSDK_PREFIX.length);
        const app = deps.app(appId);
        const link = String(input.link ?? '');
        const page = configured.get(appId);
        if (!app || !page || !URL.canParse(link) || !(app.jsDomains ? hostAllowed(app, link) : new URL(link).host === new URL(page).host)) {
          return answer({ errMsg: `${api}:fail invalid url domain` });
        }
        shares.push({
          appId,
          kind: api === 'updateAppMessageShareData' ? 'appMessage' : 'timeline',
          title: String(input.title ?? ''),
          desc: typeof input.desc === 'string' ? input.desc : undefined,
          link,
          imgUrl: typeof input.imgUrl === 'string' ? input.imgUrl : undefined,
        });
        return answer({ errMsg: `${api}:ok` });
      }
      default:
        return { status: 404, headers: CORS, body: 'not found' };
    }
  }

  return {
    handle,
    configs,
    shares,
    /** Where the phone is; 'denied' answers as when the person refuses WeChat the location permission. */
    setPosition(next: DevicePosition | 'denied') {
      position = next;
    },
    /** What the camera reads at the next scan (a bar code reads "EAN_13,6901234567892", as WeChat answers). */
    queueScan(text: string) {
      scans.push(text);
    },
  };
}

/**
 * The page-side script. It keeps the JS-SDK's contract: config is verified asynchronously and answers through
 * ready/error; each API answers success/fail/cancel/complete with `errMsg` "<api>:ok|fail …|cancel"; an API that was
 * not listed in jsApiList, or called when config failed, answers "<api>:permission denied". With nothing queued for
 * the camera, the scan asks the person in a prompt, so a demo in a plain browser can "scan" by typing.
 */
function script(baseUrl: string): string {
  return `(function () {
  var BASE = ${JSON.stringify(baseUrl + JSSDK_PREFIX)};
  var config = null, verified = null, result = null, readyFns = [], errorFns = [];
  function post(api, body) {
    return fetch(BASE + api, { method: 'POST', body: JSON.stringify(body) }).then(function (r) { return r.json(); });
  }
  function signedUrl() {
    var nav = performance.getEntriesByType('navigation')[0];
    var ios = /iPhone|iPad|iPod/i.test(navigator.userAgent);
    return ((ios && nav) ? nav.name : location.href).split('#')[0];
  }
  function settle(res, opts) {
    opts = opts || {};
    var status = res.errMsg.slice(res.errMsg.indexOf(':') + 1);
    if (status === 'ok') { if (opts.success) opts.success(res); }
    else if (status === 'cancel') { if (opts.cancel) opts.cancel(res); }
    else if (opts.fail) opts.fail(res);
    if (opts.complete) opts.complete(res);
  }
  function call(api, opts, body, then) {
    (verified || Promise.resolve({ errMsg: 'config:fail' })).then(function (state) {
      if (state.errMsg !== 'config:ok' || config.jsApiList.indexOf(api) < 0) return { errMsg: api + ':permission denied' };
      var payload = { appId: config.appId };
      for (var k in body) payload[k] = body[k];
      return post(api, payload).then(then || function (res) { return res; });
    }).then(function (res) { settle(res, opts); }, function (e) { settle({ errMsg: api + ':fail ' + e }, opts); });
  }
  window.wx = window.jWeixin = {
    config: function (c) {
      config = c;
      result = null;
      verified = post('config', { appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.signature, jsApiList: c.jsApiList || [], url: signedUrl() });
      verified.then(function (res) {
        result = res;
        var fns = res.errMsg === 'config:ok' ? readyFns : errorFns;
        readyFns = []; errorFns = [];
        fns.forEach(function (fn) { fn(res.errMsg === 'config:ok' ? undefined : res); });
      });
    },
    ready: function (fn) { if (result && result.errMsg === 'config:ok') fn(); else readyFns.push(fn); },
    error: function (fn) { if (result && result.errMsg !== 'config:ok') fn(result); else errorFns.push(fn); },
    getLocation: function (o) { call('getLocation', o, { type: (o && o.type) || 'wgs84' }); },
    scanQRCode: function (o) {
      call('scanQRCode', o, {}, function (res) {
        if (res.errMsg !== 'scanQRCode:pending') return res;
        var typed = window.prompt('WeChat emulator: what does the camera read?');
        return typed === null ? { errMsg: 'scanQRCode:cancel' } : { errMsg: 'scanQRCode:ok', resultStr: typed };
      });
    },
    updateAppMessageShareData: function (o) { call('updateAppMessageShareData', o, { title: o.title, desc: o.desc, link: o.link, imgUrl: o.imgUrl }); },
    updateTimelineShareData: function (o) { call('updateTimelineShareData', o, { title: o.title, link: o.link, imgUrl: o.imgUrl }); }
  };
})();
`;
}
