import type { WeChatClient } from './wechat.client';
import { WeChatApiError } from './wechat.errors';

/** What became of one message: the outbox keeps in-app items either way and retries only `retry`. */
export type Delivery =
  | { outcome: 'sent'; msgid: string }
  | { outcome: 'undeliverable'; errcode: number; reason: string }
  | { outcome: 'retry'; errcode: number; reason: string };

/** WeChat will never deliver these as they stand: the in-app notice is all the person gets. */
const UNDELIVERABLE: Record<number, string> = {
  43004: 'not_following',
  43101: 'not_subscribed',
  40003: 'invalid_openid',
  40037: 'invalid_template',
  47003: 'invalid_data',
};

/** Since 2023 WeChat shows keyword values only, cut at 20 characters; it no longer shows first and remark lines. */
const KEYWORD_MAX = 20;
function keywords(fields: Record<string, string>): Record<string, { value: string }> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => {
      if (key === 'first' || key === 'remark') throw new Error(`WeChat no longer shows "${key}" lines; put the text in a keyword`);
      const chars = [...value.trim()];
      return [key, { value: chars.length > KEYWORD_MAX ? `${chars.slice(0, KEYWORD_MAX - 1).join('')}…` : chars.join('') }];
    }),
  );
}

async function deliver(send: () => Promise<{ msgid?: number | string }>): Promise<Delivery> {
  try {
    const answer = await send();
    return { outcome: 'sent', msgid: String(answer.msgid ?? '') };
  } catch (error) {
    if (error instanceof WeChatApiError) {
      const reason = UNDELIVERABLE[error.errcode];
      return reason ? { outcome: 'undeliverable', errcode: error.errcode, reason } : { outcome: 'retry', errcode: error.errcode, reason: error.errmsg };
    }
    // Network trouble or a time-out: WeChat may try again later, and so do we.
    return { outcome: 'retry', errcode: -1, reason: error instanceof Error ? error.message : 'unknown' };
  }
}

/**
 * Template messages (official account) and subscribe messages (mini-program), classified for the outbox. Token
 * errors are already renewed and retried by the client; `clientMsgId` lets WeChat drop a resend of the same notice.
 */
export function createMessageSender(wechat: WeChatClient) {
  return {
    /** Throws on `first`/`remark` fields: a programming error, not a delivery outcome. */
    template(input: {
      appId: string;
      openid: string;
      templateId: string;
      fields: Record<string, string>;
      clientMsgId: string;
      /** Opens the record: an H5 page, or a mini-program page when the tenant has one. */
      link?: { url: string } | { miniprogram: { appid: string; pagepath: string } };
    }): Promise<Delivery> {
      const data = keywords(input.fields);
      return deliver(() =>
        wechat.call<{ msgid: number }>(input.appId, '/cgi-bin/message/template/send', {
          body: { touser: input.openid, template_id: input.templateId, client_msg_id: input.clientMsgId, data, ...(input.link ?? {}) },
        }),
      );
    },

    subscribe(input: { appId: string; openid: string; templateId: string; fields: Record<string, string>; page: string }): Promise<Delivery> {
      const data = keywords(input.fields);
      return deliver(() =>
        wechat.call(input.appId, '/cgi-bin/message/subscribe/send', {
          body: { touser: input.openid, template_id: input.templateId, page: input.page, data, miniprogram_state: 'formal', lang: 'zh_CN' },
        }),
      );
    },
  };
}

export type MessageSender = ReturnType<typeof createMessageSender>;
