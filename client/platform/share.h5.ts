import type { ShareCard, ShareOutcome } from './share';
import { callWx, insideWeChat } from './wechat-jssdk';

export async function sharePage(card: ShareCard): Promise<ShareOutcome> {
  const link = new URL(card.path, window.location.origin).toString();
  if (insideWeChat()) {
    // Both cards: a chat message (title + description) and a Moments post (title only).
    await callWx('updateAppMessageShareData', { title: card.title, desc: card.desc ?? '', link });
    await callWx('updateTimelineShareData', { title: card.title, link });
    return 'menu';
  }
  if (navigator.share) {
    await navigator.share({ title: card.title, text: card.desc, url: link });
    return 'shared';
  }
  if (navigator.clipboard) {
    await navigator.clipboard.writeText(link);
    return 'copied';
  }
  return 'unsupported';
}
