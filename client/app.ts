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
    if (locale) setLocale(locale);
    applyTabLabels();
  });
  return children;
}

export default App;
