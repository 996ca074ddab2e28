import Taro from '@tarojs/taro';

export async function scanCode(): Promise<string> {
  const { result } = await Taro.scanCode({ onlyFromCamera: false });
  return result;
}
