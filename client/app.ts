// First: the landing URL is read before the router touches the address (WeChat's JS-SDK signs it on iOS).
import './platform/landing';
import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
// NutUI theme (CSS variables + icon font) once; component CSS comes per import via babel-plugin-import.
import '@nutui/nutui-react-taro/dist/styles/themes/default.css';
import './app.scss';
import { setLocale } from './i18n';
import { applyTabLabels } from './platform/shell';
import { savedLocale } from './services/session';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    const locale = savedLocale();
    // The tab labels follow once the catalog is there.
    if (locale) void setLocale(locale).then(applyTabLabels);
  });
  return children;
}

export default App;
