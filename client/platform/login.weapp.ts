import Taro from '@tarojs/taro';

export async function wechatLoginCode(): Promise<string | null> {
  const { code } = await Taro.login();
  return code || null;
}
