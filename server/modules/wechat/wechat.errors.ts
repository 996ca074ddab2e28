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
