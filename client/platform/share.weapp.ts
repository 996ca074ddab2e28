import Taro from '@tarojs/taro';

/** The mini-program shares through the page's menu; this opens it (the page's onShareAppMessage sets the card). */
export async function sharePage(): Promise<boolean> {
  await Taro.showShareMenu({ withShareTicket: true });
  return true;
}
