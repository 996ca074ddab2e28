import { insideWeChat } from './wechat-jssdk';

export function wechatLoginKind(): 'oauth' | 'qr' | 'mini' {
  return insideWeChat() ? 'oauth' : 'qr';
}

export function startWechatOAuth(tenant: string, redirect?: string): void {
  const params = new URLSearchParams({ tenant, ...(redirect ? { redirect } : {}) });
  window.location.assign(`/api/v1/auth/wechat/oauth/start?${params.toString()}`);
}

export async function miniProgramLogin(): Promise<{ appId: string; code: string }> {
  throw new Error('wx.login exists only in the mini-program');
}
