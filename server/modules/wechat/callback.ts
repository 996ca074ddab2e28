import Router from '@koa/router';
import type { Context } from 'koa';
import { runAsSystem } from '../../core/context';
import type { Logger } from '../../core/logger';
import type { BindingService } from './binding.service';
import { buildWeChatXml, createMessageCipher, MAX_XML_BYTES, parseWeChatXml, verifyCallback, WeChatCryptoError } from './crypto';
import { WechatEvent, WechatFollower } from './wechat-event.model';

/** Reads the raw XML body, refusing anything larger than a WeChat message can be. */
async function readBody(koa: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of koa.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_XML_BYTES * 2) throw new WeChatCryptoError('too_large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function refuse(koa: Context, status: number, why: string): void {
  koa.status = status;
  koa.type = 'text/plain';
  koa.body = why;
}

/** A text message back to the person who pushed (WeChat's passive reply), encrypted when the push was. */
function passiveReply(text: string, fields: Record<string, string>, cipher: ReturnType<typeof createMessageCipher> | null, koa: Context): string {
  const createTime = Math.floor(Date.now() / 1000);
  const xml = buildWeChatXml({ ToUserName: fields.FromUserName ?? '', FromUserName: fields.ToUserName ?? '', CreateTime: createTime, MsgType: 'text', Content: text });
  if (!cipher) return xml;
  const timestamp = String(createTime);
  const nonce = String(koa.query.nonce ?? '');
  const { encrypt, msgSignature } = cipher.encrypt(xml, { timestamp, nonce });
  return buildWeChatXml({ Encrypt: encrypt, MsgSignature: msgSignature, TimeStamp: createTime, Nonce: nonce });
}

/**
 * The dedupe key of a push: WeChat resends the same MsgId (messages) or FromUserName + CreateTime (events). The
 * event and its key are part of it too, so two different scans by one person within a second both count.
 */
function dedupeKey(appId: string, fields: Record<string, string>): string {
  if (fields.MsgId || fields.MsgID) return `${appId}:msg:${fields.MsgId ?? fields.MsgID}`;
  return [appId, fields.FromUserName, fields.CreateTime, fields.Event ?? '', fields.EventKey ?? ''].join(':');
}

/**
 * `/wechat/<appId>`: the official account's server URL. GET answers WeChat's verification; POST takes pushes in
 * plain or safe mode. Authenticity comes from the signature (not a token), so these are outside /api and its guard.
 * Every valid push answers `success` at once; a retried one is recognised and not processed twice.
 */
/** Reacts to a scan of a parametric QR code; answers the text to send back to the person, or null. */
export type ScanHandler = (appId: string, openid: string, eventKey: string, tenantId: string) => Promise<string | null>;

/** WeChat's report on a template message it accepted: Status is "success", "failed:user block" or "failed: system failed". */
export type TemplateFinishHandler = (msgId: string, status: string) => Promise<void>;

export function wechatCallbackRouter(
  bindings: BindingService,
  logger: Logger,
  handlers: { onScan: ScanHandler; onTemplateFinished: TemplateFinishHandler },
  now: () => Date = () => new Date(),
): Router {
  const router = new Router({ prefix: '/wechat' });

  async function appFor(koa: Context) {
    const secrets = await bindings.secretsOfApp(koa.params.appId);
    if (!secrets || secrets.kind !== 'official' || !secrets.token) return null;
    const { signature, timestamp, nonce } = koa.query as Record<string, string>;
    const verdict = verifyCallback({ token: secrets.token, timestamp, nonce, signature, now: now() });
    if (!verdict.ok) {
      logger.warn({ appId: koa.params.appId, reason: verdict.reason }, 'wechat callback refused');
      refuse(koa, 403, verdict.reason);
      return undefined;
    }
    return secrets;
  }

  router.get('/:appId', async (koa) => {
    const secrets = await appFor(koa);
    if (secrets === null) return refuse(koa, 404, 'unknown app');
    if (!secrets) return;
    koa.type = 'text/plain';
    koa.body = String(koa.query.echostr ?? '');
  });

  router.post('/:appId', async (koa) => {
    const secrets = await appFor(koa);
    if (secrets === null) return refuse(koa, 404, 'unknown app');
    if (!secrets) return;
    const appId = koa.params.appId;
    let fields: Record<string, string>;
    let cipher: ReturnType<typeof createMessageCipher> | null = null;
    try {
      const outer = parseWeChatXml(await readBody(koa));
      if (koa.query.encrypt_type === 'aes') {
        if (!secrets.encodingAESKey) return refuse(koa, 400, 'safe mode is not configured');
        cipher = createMessageCipher({ token: secrets.token!, encodingAESKey: secrets.encodingAESKey, appId });
        const { timestamp, nonce, msg_signature: msgSignature } = koa.query as Record<string, string>;
        if (!outer.Encrypt || !cipher.verifySignature(msgSignature, timestamp, nonce, outer.Encrypt)) return refuse(koa, 403, 'bad_signature');
        fields = parseWeChatXml(cipher.decrypt(outer.Encrypt));
      } else {
        if (secrets.messageMode === 'safe') return refuse(koa, 400, 'this app expects safe mode');
        fields = outer;
      }
    } catch (error) {
      // The reason stays in our log: telling a caller which check failed would help them probe the crypto.
      logger.warn({ appId, code: error instanceof WeChatCryptoError ? error.code : 'unknown' }, 'wechat callback unreadable');
      return refuse(koa, 400, 'unreadable');
    }

    const reply = await runAsSystem(secrets.tenantId, async (): Promise<string | null> => {
      const openid = fields.FromUserName ?? '';
      try {
        await WechatEvent.create({
          _id: dedupeKey(appId, fields),
          appId,
          openid,
          msgType: fields.MsgType ?? '',
          event: fields.Event ?? null,
          eventKey: fields.EventKey ?? null,
          fields,
          receivedAt: now(),
        });
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return null; // a retry of a push already taken
        throw error;
      }
      if (fields.Event === 'subscribe' || fields.Event === 'unsubscribe') {
        await WechatFollower.updateOne(
          { _id: `${appId}:${openid}` },
          { $set: { appId, openid, following: fields.Event === 'subscribe', changedAt: now() } },
          { upsert: true },
        );
      }
      if (fields.Event === 'TEMPLATESENDJOBFINISH' && fields.MsgID) {
        await handlers.onTemplateFinished(fields.MsgID, fields.Status ?? '');
        return null;
      }
      const scanned = fields.Event === 'SCAN' || (fields.Event === 'subscribe' && fields.EventKey?.startsWith('qrscene_'));
      return scanned ? handlers.onScan(appId, openid, fields.EventKey ?? '', secrets.tenantId) : null;
    });
    koa.type = 'text/plain';
    koa.body = reply ? passiveReply(reply, fields, cipher, koa) : 'success';
  });

  return router;
}
