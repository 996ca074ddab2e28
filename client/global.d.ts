/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

// Taro inlines these at build time.
declare const process: {
  env: {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'h5'
    TARO_APP_ID?: string
    [key: string]: string | undefined
  }
}
