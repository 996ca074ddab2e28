import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import {
  buildWeChatXml,
  callbackSignature,
  createMessageCipher,
  jssdkSignature,
  MAX_XML_BYTES,
  parseWeChatXml,
  verifyCallback,
  WeChatCryptoError,
} from '../../server/modules/wechat/crypto';

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

/** Runs `fn` and returns the WeChatCryptoError code it throws (fails the test when it throws nothing or something else). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WeChatCryptoError);
    return (error as WeChatCryptoError).code;
  }
  throw new Error('expected a WeChatCryptoError');
}

describe('JSSDK signature', () => {
  // WeChat JS-SDK documentation, 附录1 (as republished in WeCom's "JS-SDK 签名算法",
  // https://developer.work.weixin.qq.com/document/path/96909, and copies of the official-account page).
  const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
  const example = { jsapiTicket: ticket, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457 };

  it('matches the documented worked example', () => {
    expect(jssdkSignature({ ...example, url: 'http://mp.weixin.qq.com?params=value' })).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
    expect(jssdkSignature({ ...example, timestamp: '1414587457', url: 'http://mp.weixin.qq.com?params=value' })).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
  });

  it('matches the older edition of the example (url without a query)', () => {
    expect(jssdkSignature({ ...example, url: 'http://mp.weixin.qq.com' })).toBe('f4d90daf4b3bca3078ab155816175ba34c443a7b');
  });

  it('drops the #fragment of the url', () => {
    expect(jssdkSignature({ ...example, url: 'http://mp.weixin.qq.com?params=value#/pages/home?x=1' })).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
    expect(jssdkSignature({ ...example, url: 'http://mp.weixin.qq.com#' })).toBe('f4d90daf4b3bca3078ab155816175ba34c443a7b');
  });
});

describe('callback verification', () => {
  const token = 'tok';
  const timestamp = '1409735669';
  const nonce = '1320562132';
  const now = new Date(Number(timestamp) * 1000);
  // Sorted by hand: '1320562132' < '1409735669' < 'tok'.
  const good = sha1('13205621321409735669tok');

  it('computes sha1 of the sorted, concatenated parts', () => {
    expect(callbackSignature(token, timestamp, nonce)).toBe(good);
    expect(callbackSignature(token, Number(timestamp), nonce)).toBe(good);
  });

  it('accepts a good signature with a fresh timestamp', () => {
    expect(verifyCallback({ token, timestamp, nonce, signature: good, now })).toEqual({ ok: true });
  });

  it('refuses a bad signature or the wrong token', () => {
    const flipped = (good[0] === 'a' ? 'b' : 'a') + good.slice(1);
    expect(verifyCallback({ token, timestamp, nonce, signature: flipped, now })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyCallback({ token: 'other', timestamp, nonce, signature: good, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyCallback({ token, timestamp, nonce: 'x', signature: good, now })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses signatures of another length without throwing', () => {
    for (const signature of ['', 'abc', good.slice(0, -1), `${good}0`, 'x'.repeat(1000), '中文']) {
      expect(verifyCallback({ token, timestamp, nonce, signature, now })).toEqual({ ok: false, reason: 'bad_signature' });
    }
    const missing = undefined as unknown as string;
    expect(verifyCallback({ token, timestamp, nonce, signature: missing, now })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses stale and future timestamps, accepting the 300 s edges', () => {
    const at = (offsetSeconds: number) => new Date((Number(timestamp) + offsetSeconds) * 1000);
    const check = (when: Date, extra: { maxAgeSeconds?: number } = {}) =>
      verifyCallback({ token, timestamp, nonce, signature: good, now: when, ...extra });
    expect(check(at(300))).toEqual({ ok: true });
    expect(check(at(301))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(at(86_400))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(at(-300))).toEqual({ ok: true });
    expect(check(at(-301))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(at(61), { maxAgeSeconds: 60 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(new Date(Number.NaN))).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('treats a non-numeric timestamp as stale even when signed', () => {
    for (const ts of ['', 'abc', '1409735669.5', '-1', ' 1409735669']) {
      const signature = callbackSignature(token, ts, nonce);
      expect(verifyCallback({ token, timestamp: ts, nonce, signature, now })).toEqual({ ok: false, reason: 'stale_timestamp' });
    }
  });
});

describe('safe-mode message crypto', () => {
  // Official vector: Tencent's sample code (cryptoDemo.zip), Java/src/com/qq/weixin/mp/aes/WXBizMsgCryptTest.java.
  const java = {
    token: 'pamtest',
    encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    appId: 'wxb11529c136998cb6',
    timestamp: '1409304348',
    nonce: 'xxxxxx',
    random16: 'aaaabbbbccccdddd',
    replyMsg: '我是中文abcd123',
    afterAesEncrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
    replyMsg2:
      '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
    afterAesEncrypt2:
      'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb',
  };
  // A received message with its msg_signature, from the sample's decrypt test (token "spamtest").
  const received = {
    token: 'spamtest',
    encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    appId: 'wx2c2769f8efd9abc2',
    timestamp: '1409735669',
    nonce: '1320562132',
    msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
    body: '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=]]></Encrypt></xml>',
  };
  // WeCom's official sample (same scheme, CorpID in the appId slot): Sample.cs / Sample.java of its WXBizMsgCrypt.
  const wecom = {
    token: 'QDG6eK',
    encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    appId: 'wx5823bf96d3bd56c7',
    timestamp: '1409659813',
    nonce: '1372623149',
    msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  };

  /** The test's own AES-256-CBC with no padding, so tampered plaintexts can be built independently of the module. */
  const rawKey = (encodingAESKey: string) => Buffer.from(`${encodingAESKey}=`, 'base64');
  const seal = (encodingAESKey: string, plain: Buffer) => {
    const key = rawKey(encodingAESKey);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  };
  const open = (encodingAESKey: string, encrypt: string) => {
    const key = rawKey(encodingAESKey);
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  };
  const frame = (xml: string, appId: string, random = Buffer.alloc(16, 7)) => {
    const body = Buffer.from(xml, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    return Buffer.concat([random, length, body, Buffer.from(appId)]);
  };
  const pkcs7 = (data: Buffer) => {
    const pad = 32 - (data.length % 32);
    return Buffer.concat([data, Buffer.alloc(pad, pad)]);
  };

  it('reproduces the official Java sample ciphertexts byte for byte', () => {
    const cipher = createMessageCipher(java);
    const options = { timestamp: java.timestamp, nonce: java.nonce, random16: java.random16 };
    const one = cipher.encrypt(java.replyMsg, options);
    expect(one.encrypt).toBe(java.afterAesEncrypt);
    expect(one.msgSignature).toBe(sha1([java.token, java.timestamp, java.nonce, java.afterAesEncrypt].sort().join('')));
    expect(cipher.encrypt(java.replyMsg2, { ...options, random16: Buffer.from(java.random16) }).encrypt).toBe(
      java.afterAesEncrypt2,
    );
    expect(cipher.decrypt(java.afterAesEncrypt)).toBe(java.replyMsg);
    expect(cipher.decrypt(java.afterAesEncrypt2)).toBe(java.replyMsg2);
  });

  it('verifies and decrypts the sample received message', () => {
    const cipher = createMessageCipher(received);
    const outer = parseWeChatXml(received.body);
    const encrypt = outer.Encrypt!;
    expect(cipher.signature(received.timestamp, received.nonce, encrypt)).toBe(received.msgSignature);
    expect(cipher.verifySignature(received.msgSignature, received.timestamp, received.nonce, encrypt)).toBe(true);
    const inner = parseWeChatXml(cipher.decrypt(encrypt));
    expect(inner).toEqual({
      ToUserName: 'gh_10f6c3c3ac5a',
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      CreateTime: '1409735668',
      MsgType: 'text',
      Content: 'abcdteT',
      MsgId: '6054768590064713728',
    });
  });

  it('verifies and decrypts the WeCom sample (pad of 30 bytes)', () => {
    const cipher = createMessageCipher(wecom);
    expect(cipher.signature(wecom.timestamp, wecom.nonce, wecom.encrypt)).toBe(wecom.msgSignature);
    expect(parseWeChatXml(cipher.decrypt(wecom.encrypt))).toMatchObject({ Content: 'hello', AgentID: '218', MsgType: 'text' });
  });

  it('round-trips every padding length 1..32 with random prefixes', () => {
    const cipher = createMessageCipher(java);
    const pads = new Set<number>();
    for (let n = 0; n < 40; n++) {
      const xml = `<xml><Content><![CDATA[${'中'.repeat(n % 3)}${'a'.repeat(n)}]]></Content></xml>`;
      const { encrypt, msgSignature } = cipher.encrypt(xml, { timestamp: 1700000000, nonce: 'n' });
      expect(cipher.decrypt(encrypt)).toBe(xml);
      expect(cipher.verifySignature(msgSignature, '1700000000', 'n', encrypt)).toBe(true);
      const plain = open(java.encodingAESKey, encrypt);
      expect(plain.length % 32).toBe(0);
      pads.add(plain[plain.length - 1]!);
    }
    expect(pads.size).toBe(32);
    const a = cipher.encrypt('<xml/>', { timestamp: 1, nonce: 'n' }).encrypt;
    const b = cipher.encrypt('<xml/>', { timestamp: 1, nonce: 'n' }).encrypt;
    expect(a).not.toBe(b);
    expect(cipher.decrypt(cipher.encrypt('', { timestamp: 1, nonce: 'n' }).encrypt)).toBe('');
  });

  it('detects tampering', () => {
    const cipher = createMessageCipher(java);
    const { encrypt, msgSignature } = cipher.encrypt(java.replyMsg2, { timestamp: 1, nonce: 'n', random16: java.random16 });
    const bytes = Buffer.from(encrypt, 'base64');
    const flip = (index: number) => {
      const copy = Buffer.from(bytes);
      copy[index] = copy[index]! ^ 0x01;
      return copy.toString('base64');
    };
    // The last byte of the next-to-last block flips the pad byte.
    expect(codeOf(() => cipher.decrypt(flip(bytes.length - 17)))).toBe('bad_padding');
    // The first byte flips the high byte of the length field.
    expect(codeOf(() => cipher.decrypt(flip(0)))).toBe('bad_length');
    // The last byte garbles the whole final block.
    expect(() => cipher.decrypt(flip(bytes.length - 1))).toThrow(WeChatCryptoError);
    // Any flip at all breaks msg_signature, which callers check first.
    for (const index of [0, 5, 100, bytes.length - 1]) {
      expect(cipher.verifySignature(msgSignature, 1, 'n', flip(index))).toBe(false);
    }
    expect(cipher.verifySignature(msgSignature, 2, 'n', encrypt)).toBe(false);
    expect(cipher.verifySignature('short', 1, 'n', encrypt)).toBe(false);
    expect(cipher.verifySignature('', 1, 'n', encrypt)).toBe(false);
  });

  it('refuses a message for another appId', () => {
    const ours = createMessageCipher(java);
    const theirs = createMessageCipher({ ...java, appId: 'wx0000000000000000' });
    const { encrypt } = theirs.encrypt('<xml/>', { timestamp: 1, nonce: 'n' });
    expect(codeOf(() => ours.decrypt(encrypt))).toBe('bad_app_id');
    expect(codeOf(() => ours.decrypt(seal(java.encodingAESKey, pkcs7(frame('<xml/>', `${java.appId}x`)))))).toBe('bad_app_id');
    expect(codeOf(() => ours.decrypt(seal(java.encodingAESKey, pkcs7(frame('<xml/>', '')))))).toBe('bad_app_id');
  });

  it('refuses bad padding', () => {
    const cipher = createMessageCipher(java);
    const unpadded = frame('<xml/>', java.appId); // 20 + 6 + 18 = 44 bytes
    const withTail = (tail: Buffer) => seal(java.encodingAESKey, Buffer.concat([unpadded, tail]));
    expect(codeOf(() => cipher.decrypt(withTail(Buffer.alloc(20, 0))))).toBe('bad_padding'); // pad byte 0
    expect(codeOf(() => cipher.decrypt(withTail(Buffer.alloc(20, 33))))).toBe('bad_padding'); // over 32
    const uneven = Buffer.alloc(20, 20);
    uneven[3] = 19;
    expect(codeOf(() => cipher.decrypt(withTail(uneven)))).toBe('bad_padding');
    // AES-style 16-byte padding is not WeChat's: 4 bytes of 4 would leave junk before the appId.
    expect(codeOf(() => cipher.decrypt(withTail(Buffer.alloc(20, 4))))).toBe('bad_app_id');
    expect(cipher.decrypt(withTail(Buffer.alloc(20, 20)))).toBe('<xml/>');
  });

  it('refuses bad lengths and bad base64', () => {
    const cipher = createMessageCipher(java);
    const tooLong = frame('<xml/>', java.appId);
    tooLong.writeUInt32BE(1000, 16);
    expect(codeOf(() => cipher.decrypt(seal(java.encodingAESKey, pkcs7(tooLong))))).toBe('bad_length');
    expect(codeOf(() => cipher.decrypt(seal(java.encodingAESKey, pkcs7(Buffer.alloc(10, 1)))))).toBe('bad_length');
    expect(codeOf(() => cipher.decrypt(Buffer.alloc(16).toString('base64')))).toBe('bad_length');
    expect(codeOf(() => cipher.decrypt(Buffer.alloc(48).toString('base64')))).toBe('bad_length');
    for (const junk of ['', 'not base64!', 'abc', `${java.afterAesEncrypt}\n`, java.afterAesEncrypt.replace(/=+$/, '')]) {
      expect(codeOf(() => cipher.decrypt(junk))).toBe('bad_base64');
    }
    const latin1 = Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 0, 2, 0xc3, 0x28]), Buffer.from(java.appId)]);
    expect(codeOf(() => cipher.decrypt(seal(java.encodingAESKey, pkcs7(latin1))))).toBe('bad_encoding');
    expect(codeOf(() => cipher.encrypt('x', { timestamp: 1, nonce: 'n', random16: 'short' }))).toBe('bad_length');
    expect(codeOf(() => cipher.encrypt('x', { timestamp: 1, nonce: 'n', random16: new Uint8Array(17) }))).toBe('bad_length');
  });

  it('demands a 43-character EncodingAESKey and never echoes it', () => {
    for (const encodingAESKey of [java.encodingAESKey.slice(0, 42), `${java.encodingAESKey}H`, `${java.encodingAESKey.slice(0, 42)}=`, `${java.encodingAESKey.slice(0, 42)}!`, '']) {
      try {
        createMessageCipher({ ...java, encodingAESKey });
        throw new Error('expected a WeChatCryptoError');
      } catch (error) {
        expect((error as WeChatCryptoError).code).toBe('bad_key');
        expect((error as Error).message).toMatch(/43/);
        if (encodingAESKey) expect((error as Error).message).not.toContain(encodingAESKey);
      }
    }
    expect(codeOf(() => createMessageCipher({ ...java, appId: '' }))).toBe('bad_config');
    expect(codeOf(() => createMessageCipher({ ...java, token: '' }))).toBe('bad_config');
  });

  it('carries a reply end to end: build, encrypt, wrap, parse, verify, decrypt', () => {
    const cipher = createMessageCipher(java);
    const reply = { ToUserName: 'o-user', FromUserName: 'gh_x', CreateTime: 1700000000, MsgType: 'text', Content: '收到 ]]> <ok> & 谢谢' };
    const { encrypt, msgSignature } = cipher.encrypt(buildWeChatXml(reply), { timestamp: '1700000000', nonce: 'abc' });
    const wire = buildWeChatXml({ Encrypt: encrypt, MsgSignature: msgSignature, TimeStamp: 1700000000, Nonce: 'abc' });
    const outer = parseWeChatXml(wire);
    expect(cipher.verifySignature(outer.MsgSignature!, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!)).toBe(true);
    expect(parseWeChatXml(cipher.decrypt(outer.Encrypt!))).toEqual({ ...reply, CreateTime: '1700000000' });
  });
});

describe('WeChat XML', () => {
  const textMessage = `<xml>
  <ToUserName><![CDATA[toUser]]></ToUserName>
  <FromUserName><![CDATA[fromUser]]></FromUserName>
  <CreateTime>1348831860</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[this is a test]]></Content>
  <MsgId>1234567890123456789</MsgId>
</xml>`;

  it('reads CDATA and plain values, keeping numbers as exact strings', () => {
    expect(parseWeChatXml(textMessage)).toEqual({
      ToUserName: 'toUser',
      FromUserName: 'fromUser',
      CreateTime: '1348831860',
      MsgType: 'text',
      Content: 'this is a test',
      MsgId: '1234567890123456789',
    });
    expect(parseWeChatXml(`<?xml version="1.0" encoding="UTF-8"?>\n${textMessage}`)).toHaveProperty('MsgId', '1234567890123456789');
    expect(parseWeChatXml(`\uFEFF${textMessage}\n`)).toHaveProperty('Content', 'this is a test');
    expect(parseWeChatXml('<xml/>')).toEqual({});
    expect(parseWeChatXml('<xml >\n</xml >')).toEqual({});
  });

  it('keeps CDATA content literally and decodes only the predefined entities in text', () => {
    expect(parseWeChatXml('<xml><A><![CDATA[&amp; <b>  ]]></A><B>&lt;a&gt; &amp; &quot;&apos; &#20013;&#x6587;</B><C></C><D/></xml>')).toEqual({
      A: '&amp; <b>  ',
      B: `<a> & "' 中文`,
      C: '',
      D: '',
    });
    expect(parseWeChatXml('<xml><A><![CDATA[a]]]]><![CDATA[>b]]></A></xml>')).toEqual({ A: 'a]]>b' });
    expect(parseWeChatXml('<xml><A><![CDATA[<!DOCTYPE x>]]></A></xml>')).toEqual({ A: '<!DOCTYPE x>' });
    expect(codeOf(() => parseWeChatXml('<xml><A>&foo;</A></xml>'))).toBe('bad_xml');
    expect(codeOf(() => parseWeChatXml('<xml><A>fish & chips</A></xml>'))).toBe('bad_xml');
    expect(codeOf(() => parseWeChatXml('<xml><A>&#0;</A></xml>'))).toBe('bad_xml');
  });

  it('flattens nested event details into dotted paths, indexing repeats', () => {
    const event = `<xml><ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName><MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[pic_sysphoto]]></Event>
<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[aaa]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[bbb]]></PicMd5Sum></item></PicList></SendPicsInfo>
</xml>`;
    expect(parseWeChatXml(event)).toEqual({
      ToUserName: 'gh_e136c6e50636',
      MsgType: 'event',
      Event: 'pic_sysphoto',
      'SendPicsInfo.Count': '2',
      'SendPicsInfo.PicList.item.PicMd5Sum': 'aaa',
      'SendPicsInfo.PicList.item[1].PicMd5Sum': 'bbb',
    });
  });

  it('refuses DOCTYPE and ENTITY declarations (XXE, entity expansion)', () => {
    const attacks = [
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><A>&xxe;</A></xml>',
      '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><A>&b;</A></xml>',
      '<!doctype xml><xml><A>1</A></xml>',
      '<xml><!ENTITY x "y"><A>1</A></xml>',
      '<xml><A><!DOCTYPE x></A></xml>',
    ];
    for (const xml of attacks) {
      try {
        parseWeChatXml(xml);
        throw new Error(`accepted: ${xml}`);
      } catch (error) {
        expect((error as WeChatCryptoError).code).toBe('bad_xml');
        expect((error as Error).message).toMatch(/DOCTYPE and ENTITY/);
      }
    }
  });

  it('refuses XML over the size bound', () => {
    const wrap = (bytes: number) => `<xml><A>${'a'.repeat(bytes - '<xml><A></A></xml>'.length)}</A></xml>`;
    expect(parseWeChatXml(wrap(MAX_XML_BYTES)).A).toHaveLength(MAX_XML_BYTES - 18);
    expect(codeOf(() => parseWeChatXml(wrap(MAX_XML_BYTES + 1)))).toBe('too_large');
    expect(codeOf(() => parseWeChatXml(`<xml><A>${'中'.repeat(22_000)}</A></xml>`))).toBe('too_large'); // bytes, not characters
  });

  it('refuses malformed input', () => {
    const deep = `<xml>${'<a>'.repeat(9)}x${'</a>'.repeat(9)}</xml>`;
    const malformed = [
      '',
      '   ',
      'not xml',
      '<xml>',
      '<xml><A>1</A>',
      '<xml><A>1</B></xml>',
      '<xml><A>1</A></xml>trailing',
      '<xml><A>1</A></xml><xml></xml>',
      '<root><A>1</A></root>',
      '<xmlx><A>1</A></xmlx>',
      '<xml><A x="1">1</A></xml>',
      '<xml><A><![CDATA[x]]</A></xml>',
      '<xml><A>text<B>1</B></A></xml>',
      '<xml><A><![CDATA[x]]><B>1</B></A></xml>',
      '<xml>loose text</xml>',
      '<xml><![CDATA[]]></xml>',
      '<xml><!-- comment --><A>1</A></xml>',
      '<xml><?pi x?><A>1</A></xml>',
      '<xml><A>a]]>b</A></xml>',
      '<xml><1A>1</1A></xml>',
      '<xml><A>\u0001</A></xml>',
      '<?xml version="1.0"',
      '<?xml-stylesheet href="x"?><xml></xml>',
      '<?xml version="1.0"?><?xml version="1.0"?><xml></xml>',
      deep,
    ];
    for (const xml of malformed) expect([xml, codeOf(() => parseWeChatXml(xml))]).toEqual([xml, 'bad_xml']);
    expect(parseWeChatXml(`<xml>${'<a>'.repeat(8)}x${'</a>'.repeat(8)}</xml>`)).toEqual({ 'a.a.a.a.a.a.a.a': 'x' });
  });

  it('cannot be steered into prototype pollution', () => {
    const parsed = parseWeChatXml('<xml><__proto__><polluted>yes</polluted></__proto__><constructor>x</constructor></xml>');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed).sort()).toEqual(['__proto__.polluted', 'constructor']);
    const own = parseWeChatXml('<xml><__proto__>x</__proto__></xml>');
    expect(Object.prototype.hasOwnProperty.call(own, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('builds CDATA for strings and plain text for numbers, splitting ]]>', () => {
    expect(buildWeChatXml({ ToUserName: 'o', CreateTime: 1, Content: 'a]]>b' })).toBe(
      '<xml><ToUserName><![CDATA[o]]></ToUserName><CreateTime>1</CreateTime><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>',
    );
  });

  it('round-trips build → parse, including ]]>, markup characters and nesting', () => {
    const fields = {
      A: ']]>',
      B: 'x]]>y]]>]]>z',
      C: '<![CDATA[ & </xml> &amp; "\'',
      D: '中文 😀',
      E: '',
      F: 1348831860,
      G: -1.5,
      H: ' spaced\n\ttext ',
    };
    expect(parseWeChatXml(buildWeChatXml(fields))).toEqual({ ...fields, F: '1348831860', G: '-1.5' });
    const news = { MsgType: 'news', ArticleCount: 2, Articles: { item: [{ Title: 'one]]>' }, { Title: 'two' }] } };
    expect(parseWeChatXml(buildWeChatXml(news))).toEqual({
      MsgType: 'news',
      ArticleCount: '2',
      'Articles.item.Title': 'one]]>',
      'Articles.item[1].Title': 'two',
    });
  });

  it('refuses fields it cannot build', () => {
    expect(codeOf(() => buildWeChatXml({ 'bad name': 'x' }))).toBe('bad_xml');
    expect(codeOf(() => buildWeChatXml({ '<A>': 'x' }))).toBe('bad_xml');
    expect(codeOf(() => buildWeChatXml({ A: Number.NaN }))).toBe('bad_xml');
    expect(codeOf(() => buildWeChatXml({ A: Number.POSITIVE_INFINITY }))).toBe('bad_xml');
    expect(codeOf(() => buildWeChatXml({ A: 'bell\u0007' }))).toBe('bad_xml');
    expect(codeOf(() => buildWeChatXml({ A: null as unknown as string }))).toBe('bad_xml');
  });
});
