/** An error answer from WeChat's API (`errcode` ≠ 0), kept whole so callers can classify it. */
export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(`WeChat ${path} answered ${errcode}: ${errmsg}`);
    this.name = 'WeChatApiError';
  }
}

/** The token was replaced elsewhere (40001) or has expired (42001, 40014): fetch a new one and retry once. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** "System busy": retry after a pause. */
export const BUSY = -1;
/** A login, OAuth or phone code that is unknown or expired (40029) or already used (40163): the user can retry. */
export const CODE_ERRORS = new Set([40029, 40163]);
