// window, not Taro.getSystemInfoSync: that one pulls a 40 KB user-agent parser into the first load.
export function isWideScreen(): boolean {
  return window.innerWidth >= 1024;
}
