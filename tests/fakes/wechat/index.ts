export { startWeChatEmulator, BROWSER_USER_COOKIE, CONTROL_PREFIX } from './emulator';
export type {
  AppKind,
  CallRecord,
  CallbackResult,
  EmulatedApp,
  EmulatedUser,
  EmulatorOptions,
  MessageMode,
  OAuthScope,
  SubscribeSendRecord,
  TemplateSendRecord,
  WeChatEmulator,
} from './emulator';
export { decodeAESKey, decryptMessage, encryptMessage, sha1Signature } from './crypto';
export { buildXml, readXmlField, type XmlFields } from './xml';
export type { DevicePosition, JssdkConfigRecord, ShareRecord } from './jssdk';
