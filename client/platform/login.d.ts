/**
 * The WeChat sign-in this platform offers: `oauth` inside WeChat's browser (the official account's H5), `qr` in
 * any other browser (the web portal: scan a code with WeChat), `mini` in the mini-program (wx.login).
 */
export declare function wechatLoginKind(): 'oauth' | 'qr' | 'mini';

/** Inside WeChat's browser: hands over to WeChat's silent authorization; the page is left. */
export declare function startWechatOAuth(tenant: string, redirect?: string): void;

/** In the mini-program: the wx.login code and this mini-program's appId. */
export declare function miniProgramLogin(): Promise<{ appId: string; code: string }>;
