import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

// One source tree, two targets; each writes to its own folder (dist/h5, dist/weapp) so one
// build never wipes the other. `taro build --type X` sets TARO_ENV before this file is loaded.
const TARGET = process.env.TARO_ENV || 'h5'

// types/ (zod schemas shared with the server, imported relatively as in client/services) lives
// outside sourceRoot. Taro's babel rule only covers client/ and Taro packages, so it is added
// explicitly for both targets (without it: "Module parse failed" on the first `export type`).
const SHARED_TYPES = path.resolve(__dirname, '..', 'types')

// NutUI React is drawn on a 375-wide design, our own pages on 750. postcss-pxtransform calls this
// with the CSS input ({ file }); Taro.pxTransform calls it with a size at runtime.
const designWidth = (input?: string | number | { file?: string }) =>
  typeof input === 'object' && input?.file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'channelpass',
    designWidth,
    deviceRatio: {
      375: 2,
      640: 2.34 / 2,
      750: 1,
      828: 1.81 / 2,
    },
    sourceRoot: 'client',
    outputRoot: `dist/${TARGET}`,
    plugins: [],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // zod ships ES2020 (?. ?? class fields); transpile it with the app code for older WeChat
      // JS engines. Functions, not RegExps: `taro build`'s config check rejects RegExp values.
      compile: { include: [SHARED_TYPES, (file: string) => /node_modules[\\/]zod[\\/]/.test(file)] },
      // NutUI component CSS is imported per page; the order between pages does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      compile: { include: [SHARED_TYPES] },
      publicPath: '/',
      staticDirectory: 'static',
      // Served at the site root. Do NOT write basename: '/': Taro 4.2.1 hands it to universal-router
      // as baseUrl, every page then resolves to a (silent) 404 and the app shows only the tab bar.
      router: { mode: 'browser' },
      // On H5, postcss (pxtransform) skips node_modules except those listed here (substring match):
      // without it NutUI stays in px while our pages scale in rem.
      esnextModules: ['nutui-react'],
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      webpackChain(chain) {
        // dist/stats-h5.json (chunk groups -> files) for scripts/measure-build.js
        chain.plugin('stats-json').use(require('./stats-plugin'))
        // Taro splits only initial chunks on H5, so every lazy page chunk re-bundles the Taro
        // component wrappers and shared NutUI code (~26 KB gzip each). Split async chunks too.
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' })
        // Polyfills our target browsers do not need (~12 KB gzip of first-load JS): see config/h5-stubs.
        const stubs = path.resolve(__dirname, 'h5-stubs')
        chain.resolve.alias
          .set('whatwg-fetch', path.join(stubs, 'empty.js'))
          .set('abortcontroller-polyfill/dist/abortcontroller-polyfill-only', path.join(stubs, 'empty.js'))
          .set('jsonp-retry', path.join(stubs, 'jsonp-retry.js'))
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
