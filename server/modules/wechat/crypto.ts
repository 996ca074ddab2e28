import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * WeChat's signatures, safe-mode message crypto ("消息加解密") and message XML. Pure functions: no I/O, no clock
 * (callers pass `now`), no logging — error messages never contain keys, tokens or plaintext.
 *
 * XML: the only XML parser in node_modules is xml2js, which arrives transitively through a dev-only test tool and is
 * not a declared dependency, so WeChat's small message format is parsed here by a strict parser that knows no DTDs,
 * no custom entities, no attributes, no comments and no processing instructions.
 */

export type WeChatCryptoErrorCode =
  | 'bad_key' // EncodingAESKey is not 43 base64 characters
  | 'bad_config' // token or appId missing
  | 'bad_base64' // the Encrypt value is not canonical base64
  | 'bad_length' // ciphertext size, inner length field or random16 size is wrong
  | 'bad_padding' // PKCS#7 (32-byte block) padding is wrong
  | 'bad_app_id' // the appId inside the message is not ours
  | 'bad_encoding' // the decrypted message is not valid UTF-8
  | 'bad_xml' // malformed, DTD/entity-bearing or unsupported XML, or unbuildable fields
  | 'too_large'; // XML over the size bound

/** One error type for every malformed, tampered or misconfigured input, so callers map it to one answer by `code`. */
export class WeChatCryptoError extends Error {
  constructor(
    readonly code: WeChatCryptoErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'WeChatCryptoError';
  }
}

/** sha1 hex over the parts sorted by their UTF-8 bytes and concatenated: the shape of every WeChat callback signature. */
function sortedSha1(parts: readonly string[]): string {
  const sorted = parts.map((part) => Buffer.from(part, 'utf8')).sort(Buffer.compare);
  return createHash('sha1').update(Buffer.concat(sorted)).digest('hex');
}

/** Compares digests of both strings so neither the content nor the length of `expected` leaks through timing. */
function safeEqual(actual: unknown, expected: string): boolean {
  if (typeof actual !== 'string') return false;
  const a = createHash('sha256').update(actual, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

// ---------------------------------------------------------------------------------------------------------------
// Server verification (plain `signature` query parameter)

/** WeChat's server-verification signature: sha1 hex of token, timestamp and nonce sorted and concatenated. */
export function callbackSignature(token: string, timestamp: string | number, nonce: string): string {
  return sortedSha1([token, String(timestamp), nonce]);
}

export interface VerifyCallbackInput {
  token: string;
  /** As received in the query string; the signature covers this exact text. */
  timestamp: string | number;
  nonce: string;
  signature: string;
  now: Date;
  /** How old a timestamp may be (default 300 s). */
  maxAgeSeconds?: number;
  /** How far ahead of `now` a timestamp may be, for clock skew (default 300 s). */
  maxFutureSeconds?: number;
}

export type VerifyCallbackResult = { ok: true } | { ok: false; reason: 'bad_signature' | 'stale_timestamp' };

/** Checks a callback's signature in constant time, then that its timestamp is fresh, to refuse forged or replayed calls. */
export function verifyCallback(input: VerifyCallbackInput): VerifyCallbackResult {
  const { token, timestamp, nonce, signature, now, maxAgeSeconds = 300, maxFutureSeconds = 300 } = input;
  if (!safeEqual(signature, callbackSignature(token, timestamp, nonce))) return { ok: false, reason: 'bad_signature' };
  return isFresh(timestamp, now, maxAgeSeconds, maxFutureSeconds) ? { ok: true } : { ok: false, reason: 'stale_timestamp' };
}

/** True when `timestamp` (Unix seconds, digits only) lies within [now − maxAge, now + maxFuture]; fails closed. */
function isFresh(timestamp: string | number, now: Date, maxAge: number, maxFuture: number): boolean {
  const text = String(timestamp);
  if (!/^\d{1,12}$/.test(text)) return false;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (!Number.isFinite(nowSeconds)) return false;
  const age = nowSeconds - Number(text);
  return age <= maxAge && age >= -maxFuture;
}

// ---------------------------------------------------------------------------------------------------------------
// Safe-mode message crypto

const BLOCK = 32; // WeChat pads to 32 bytes, not AES's 16
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface MessageCipherConfig {
  token: string;
  /** The 43-character key from the official account's console. */
  encodingAESKey: string;
  appId: string;
}

export interface EncryptOptions {
  timestamp: string | number;
  nonce: string;
  /** The 16 leading random bytes; only for reproducible tests — leave it out in production. */
  random16?: Uint8Array | string;
}

export interface MessageCipher {
  /** Decrypts an `Encrypt` value into the message XML; check `verifySignature` first. */
  decrypt(encrypt: string): string;
  /** Encrypts a reply XML and signs it, for the `<Encrypt>` and `<MsgSignature>` of the answer. */
  encrypt(xml: string, options: EncryptOptions): { encrypt: string; msgSignature: string };
  /** msg_signature: sha1 of token, timestamp, nonce and the Encrypt value, sorted and concatenated. */
  signature(timestamp: string | number, nonce: string, encrypt: string): string;
  /** Constant-time check of a received msg_signature. */
  verifySignature(msgSignature: string, timestamp: string | number, nonce: string, encrypt: string): boolean;
}

/** Builds the AES-256-CBC cipher of WeChat's safe mode for one official account, validating its key up front. */
export function createMessageCipher(config: MessageCipherConfig): MessageCipher {
  const { token, encodingAESKey, appId } = config;
  if (typeof encodingAESKey !== 'string' || !/^[A-Za-z0-9+/]{43}$/.test(encodingAESKey)) {
    throw new WeChatCryptoError('bad_key', 'EncodingAESKey must be exactly 43 characters from the base64 alphabet');
  }
  if (typeof token !== 'string' || token === '') throw new WeChatCryptoError('bad_config', 'token is required');
  if (typeof appId !== 'string' || appId === '') throw new WeChatCryptoError('bad_config', 'appId is required');
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new WeChatCryptoError('bad_key', 'EncodingAESKey must decode to 32 bytes');
  const iv = key.subarray(0, 16);
  const appIdBytes = Buffer.from(appId, 'utf8');

  const signature = (timestamp: string | number, nonce: string, encrypt: string) =>
    sortedSha1([token, String(timestamp), nonce, encrypt]);

  return {
    signature,

    verifySignature(msgSignature, timestamp, nonce, encrypt) {
      return safeEqual(msgSignature, signature(timestamp, nonce, encrypt));
    },

    encrypt(xml, { timestamp, nonce, random16 }) {
      const random =
        random16 === undefined ? randomBytes(16)
        : typeof random16 === 'string' ? Buffer.from(random16, 'utf8')
        : Buffer.from(random16);
      if (random.length !== 16) throw new WeChatCryptoError('bad_length', 'random16 must be 16 bytes');
      const body = Buffer.from(xml, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length, 0);
      const unpadded = Buffer.concat([random, length, body, appIdBytes]);
      const pad = BLOCK - (unpadded.length % BLOCK);
      const plain = Buffer.concat([unpadded, Buffer.alloc(pad, pad)]);
      const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
      return { encrypt: encrypted, msgSignature: signature(timestamp, nonce, encrypted) };
    },

    decrypt(encrypt) {
      if (typeof encrypt !== 'string' || encrypt === '' || !STRICT_BASE64.test(encrypt)) {
        throw new WeChatCryptoError('bad_base64', 'Encrypt is not base64');
      }
      const data = Buffer.from(encrypt, 'base64');
      if (data.length === 0 || data.length % BLOCK !== 0) {
        throw new WeChatCryptoError('bad_length', 'ciphertext is not a whole number of 32-byte blocks');
      }
      const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      const plain = Buffer.concat([decipher.update(data), decipher.final()]);
      const pad = plain[plain.length - 1]!;
      if (pad < 1 || pad > BLOCK) throw new WeChatCryptoError('bad_padding', 'bad padding');
      for (let i = plain.length - pad; i < plain.length; i++) {
        if (plain[i] !== pad) throw new WeChatCryptoError('bad_padding', 'bad padding');
      }
      const body = plain.subarray(0, plain.length - pad);
      if (body.length < 20) throw new WeChatCryptoError('bad_length', 'message too short');
      const xmlLength = body.readUInt32BE(16);
      if (xmlLength > body.length - 20) throw new WeChatCryptoError('bad_length', 'length field exceeds the message');
      if (!body.subarray(20 + xmlLength).equals(appIdBytes)) {
        throw new WeChatCryptoError('bad_app_id', 'message is for another appId');
      }
      try {
        return utf8.decode(body.subarray(20, 20 + xmlLength));
      } catch {
        throw new WeChatCryptoError('bad_encoding', 'message is not UTF-8');
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Message XML

export const MAX_XML_BYTES = 64 * 1024;
const MAX_DEPTH = 8;
const NAME = /[A-Za-z_][A-Za-z0-9_-]*/y;
const FULL_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF).
const FORBIDDEN_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/y;
const DECLARATION = /<\?xml(?:[ \t\r\n][^<>?]*)?\?>/y;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const bad = (detail: string) => new WeChatCryptoError('bad_xml', `malformed WeChat XML: ${detail}`);

/** Strict parser for WeChat message XML (no DTD/entities/attributes, ≤ 64 KB): field → text, `A.B` nesting, `item[1]`. */
export function parseWeChatXml(xml: string): Record<string, string> {
  if (typeof xml !== 'string') throw bad('not a string');
  if (Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES) {
    throw new WeChatCryptoError('too_large', `WeChat XML is larger than ${MAX_XML_BYTES} bytes`);
  }
  if (FORBIDDEN_CHARS.test(xml)) throw bad('control characters');

  const fields = new Map<string, string>();
  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;

  const skipSpace = () => {
    while (pos < xml.length && /[ \t\r\n]/.test(xml[pos]!)) pos++;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(xml);
    if (!match) throw bad(`expected an element name at ${pos}`);
    pos += match[0].length;
    return match[0];
  };
  const decodeText = (text: string): string => {
    if (text.includes(']]>')) throw bad("']]>' in text");
    let out = '';
    let from = 0;
    for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', from)) {
      out += text.slice(from, amp);
      ENTITY.lastIndex = amp;
      const match = ENTITY.exec(text);
      if (!match) throw bad('only &lt; &gt; &amp; &quot; &apos; and character references are allowed');
      if (match[1]) out += NAMED[match[1]];
      else {
        const code = match[2] ? Number.parseInt(match[2], 10) : Number.parseInt(match[3]!, 16);
        const allowed =
          code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) ||
          (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
        if (!allowed) throw bad('character reference to a forbidden character');
        out += String.fromCodePoint(code);
      }
      from = amp + match[0].length;
    }
    return out + text.slice(from);
  };

  /** Markup other than elements and CDATA: refused, DTDs (XXE, entity bombs) first of all. */
  const markup = () =>
    /^<!\s*(?:DOCTYPE|ENTITY)/i.test(xml.slice(pos, pos + 16))
      ? bad('DOCTYPE and ENTITY declarations are not allowed')
      : bad('comments, declarations and processing instructions are not allowed');

  /** Parses the element whose '<' is at `pos`, recording its leaves under `path` ('' for the root). */
  const element = (path: string, depth: number): string => {
    if (depth > MAX_DEPTH) throw bad('nested too deeply');
    pos++; // '<'
    const name = readName();
    skipSpace();
    if (xml.startsWith('/>', pos)) {
      pos += 2;
      if (path !== '') fields.set(path, '');
      return name;
    }
    if (xml[pos] !== '>') throw bad(`attributes or junk in <${name}>`);
    pos++;
    let text = '';
    let hasCdata = false;
    let children = 0;
    const seen = new Map<string, number>();
    for (;;) {
      if (pos >= xml.length) throw bad(`<${name}> is not closed`);
      if (xml.startsWith('<![CDATA[', pos)) {
        const end = xml.indexOf(']]>', pos + 9);
        if (end === -1) throw bad('unterminated CDATA');
        text += xml.slice(pos + 9, end);
        hasCdata = true;
        pos = end + 3;
      } else if (xml.startsWith('</', pos)) {
        pos += 2;
        if (readName() !== name) throw bad(`mismatched closing tag for <${name}>`);
        skipSpace();
        if (xml[pos] !== '>') throw bad(`junk in </${name}>`);
        pos++;
        break;
      } else if (xml.startsWith('<!', pos) || xml.startsWith('<?', pos)) {
        throw markup();
      } else if (xml[pos] === '<') {
        // A child: name it by position among same-named siblings, then recurse.
        NAME.lastIndex = pos + 1;
        const childName = NAME.exec(xml)?.[0];
        if (!childName) throw bad(`expected an element name at ${pos + 1}`);
        const index = seen.get(childName) ?? 0;
        seen.set(childName, index + 1);
        const key = index === 0 ? childName : `${childName}[${index}]`;
        element(path === '' ? key : `${path}.${key}`, depth + 1);
        children++;
      } else {
        const next = xml.indexOf('<', pos);
        if (next === -1) throw bad(`<${name}> is not closed`);
        text += decodeText(xml.slice(pos, next));
        pos = next;
      }
    }
    if (children > 0) {
      if (hasCdata || text.trim() !== '') throw bad(`<${name}> mixes text and elements`);
    } else if (path === '') {
      if (hasCdata || text.trim() !== '') throw bad('text directly inside <xml>');
    } else {
      fields.set(path, text);
    }
    return name;
  };

  skipSpace();
  if (xml.startsWith('<?xml', pos)) {
    DECLARATION.lastIndex = pos;
    const match = DECLARATION.exec(xml);
    if (!match) throw bad('bad XML declaration');
    pos += match[0].length;
    skipSpace();
  }
  if (xml.startsWith('<!', pos) || xml.startsWith('<?', pos)) throw markup();
  if (!xml.startsWith('<xml', pos)) throw bad('the root element must be <xml>');
  if (element('', 0) !== 'xml') throw bad('the root element must be <xml>');
  skipSpace();
  if (pos !== xml.length) throw bad('content after </xml>');
  return Object.fromEntries(fields); // own data properties only, even for a field named __proto__
}

export type WeChatXmlValue = string | number | WeChatXmlFields | readonly WeChatXmlValue[];
export interface WeChatXmlFields {
  readonly [name: string]: WeChatXmlValue;
}

/** Builds WeChat message XML: strings as CDATA (`]]>` split safely), numbers as text, objects nest, arrays repeat. */
export function buildWeChatXml(fields: WeChatXmlFields): string {
  return `<xml>${buildChildren(fields, 1)}</xml>`;
}

function buildChildren(fields: WeChatXmlFields, depth: number): string {
  if (depth > MAX_DEPTH) throw bad('nested too deeply');
  let out = '';
  for (const [name, value] of Object.entries(fields)) {
    if (!FULL_NAME.test(name)) throw bad(`invalid element name ${JSON.stringify(name)}`);
    const items = Array.isArray(value) ? (value as readonly WeChatXmlValue[]) : [value];
    for (const item of items) out += `<${name}>${buildValue(name, item, depth)}</${name}>`;
  }
  return out;
}

function buildValue(name: string, value: WeChatXmlValue, depth: number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw bad(`<${name}> is not a finite number`);
    return String(value);
  }
  if (typeof value === 'string') {
    if (FORBIDDEN_CHARS.test(value)) throw bad(`<${name}> contains characters XML cannot carry`);
    return `<![CDATA[${value.split(']]>').join(']]]]><![CDATA[>')}]]>`;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return buildChildren(value as WeChatXmlFields, depth + 1);
  }
  throw bad(`<${name}> has an unsupported value`);
}

// ---------------------------------------------------------------------------------------------------------------
// JSSDK

export interface JssdkSignatureInput {
  jsapiTicket: string;
  nonceStr: string;
  timestamp: string | number;
  /** The page URL; any #fragment is removed here, as WeChat requires. */
  url: string;
}

/** wx.config signature: sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, raw values, url without #fragment. */
export function jssdkSignature({ jsapiTicket, nonceStr, timestamp, url }: JssdkSignatureInput): string {
  const hash = url.indexOf('#');
  const page = hash === -1 ? url : url.slice(0, hash);
  const text = `jsapi_ticket=${jsapiTicket}&noncestr=${nonceStr}&timestamp=${String(timestamp)}&url=${page}`;
  return createHash('sha1').update(text, 'utf8').digest('hex');
}
