/**
 * The WeChat identity seam. weapp: the `wx.login` code for code2session. H5: the `code` WeChat's web OAuth put in
 * the page URL after its redirect (null when the page was not opened through OAuth). The server side of both
 * arrives with the WeChat integration; until then the password login is the path.
 */
export declare function wechatLoginCode(): Promise<string | null>;
