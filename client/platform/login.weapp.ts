import Taro from '@tarojs/taro';

export function wechatLoginKind(): 'oauth' | 'qr' | 'mini' {
  return 'mini';
}

export function startWechatOAuth(): void {
  throw new Error('Web authorization is for the H5 pages; the mini-program uses wx.login');
}

export async function miniProgramLogin(): Promise<{ appId: string; code: string }> {
  const { code } = await Taro.login();
  return { appId: Taro.getAccountInfoSync().miniProgram.appId, code };
}
