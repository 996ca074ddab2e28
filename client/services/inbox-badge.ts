import Taro from '@tarojs/taro';
import { api } from './api';

const MESSAGES_TAB = 2;

/** Puts the count of open to-dos and unread notices on the Messages tab; a failed refresh keeps the old one. */
export async function refreshInboxBadge(): Promise<void> {
  try {
    const { openTodos, unreadNotices } = await api.inbox.counts();
    const total = openTodos + unreadNotices;
    if (total > 0) await Taro.setTabBarBadge({ index: MESSAGES_TAB, text: total > 99 ? '99+' : String(total) });
    else await Taro.removeTabBarBadge({ index: MESSAGES_TAB });
  } catch {
    // Offline or not a tab page right now: the next page shown tries again.
  }
}
