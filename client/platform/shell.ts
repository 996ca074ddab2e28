import Taro from '@tarojs/taro';
import { t, type MessageKey } from '../i18n';

const TAB_LABELS: MessageKey[] = ['tab.home', 'tab.work', 'tab.messages', 'tab.me'];

/** app.json carries zh-CN tab labels; this puts the current language's on the tab bar (call from a tab page). */
export function applyTabLabels(): void {
  TAB_LABELS.forEach((key, index) => {
    Taro.setTabBarItem({ index, text: t(key) }).catch(() => undefined);
  });
}
