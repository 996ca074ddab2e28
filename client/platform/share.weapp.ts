import Taro from '@tarojs/taro';
import type { ShareCard, ShareOutcome } from './share';

/** The card itself comes from the page's useShareAppMessage; this turns on the ··· menu's share entries. */
export async function sharePage(_card: ShareCard): Promise<ShareOutcome> {
  await Taro.showShareMenu({ withShareTicket: true, showShareItems: ['wechatFriends', 'wechatMoment'] });
  return 'menu';
}
