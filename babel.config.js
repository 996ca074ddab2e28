// babel-preset-taro options: https://docs.taro.zone/docs/babel-config
// H5 runs in WeChat's WebView (Android XWeb / iOS WKWebView) and desktop browsers: compile for
// those instead of Taro's default { ios: '9', android: '5' } (ES5 + regenerator, ~4 KB gzip more
// first-load JS). The mini-program keeps Taro's defaults for older phones' JS engines.
const h5Targets = { chrome: '69', ios: '12' }

module.exports = {
  presets: [
    ['taro', {
      framework: 'react',
      ts: true,
      compiler: 'webpack5',
      ...(process.env.TARO_ENV === 'h5' ? { targets: h5Targets } : {}),
    }],
  ],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        // NutUI 3 ships one lower-case folder per component: dist/es/packages/<name>/. libraryDirectory
        // cannot express that: camel2DashComponentName true gives cell-group, false gives Button.
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.replace(/-/g, '').toLowerCase()}`,
        // each component's own CSS (style/css.js -> style.css); the theme CSS variables are
        // imported once in client/app.ts
        style: (path) => `${path}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
}
