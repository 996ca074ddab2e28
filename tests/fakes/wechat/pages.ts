/** The HTML the emulator shows a browser: WeChat's web-authorization page and its error pages. */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const layout = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#ededed;color:#111}
main{max-width:420px;margin:0 auto;padding:24px 16px}
h1{font-size:18px;text-align:center}.app{text-align:center;color:#576b95;margin-bottom:16px}
fieldset{border:0;background:#fff;border-radius:8px;padding:8px 16px;margin:0 0 16px}
label{display:block;padding:10px 0;border-bottom:1px solid #eee}label:last-child{border-bottom:0}
input[type=text]{width:100%;box-sizing:border-box;padding:8px;font-size:16px}
button{display:block;width:100%;padding:12px;margin:8px 0;font-size:17px;border:0;border-radius:6px}
.allow{background:#07c160;color:#fff}.deny{background:#f2f2f2;color:#07c160}.error{color:#fa5151;text-align:center}
</style></head><body><main>${body}</main></body></html>`;

export interface AuthorizePageInput {
  appId: string;
  appName: string;
  redirectUri: string;
  scope: string;
  state: string;
  users: { key: string; nickname?: string }[];
  selectedKey?: string;
  confirmPath: string;
}

export function authorizePage(input: AuthorizePageInput): string {
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const people = input.users
    .map(
      (user, index) =>
        `<label><input type="radio" name="user" value="${escapeHtml(user.key)}"${
          user.key === input.selectedKey || (!input.selectedKey && index === 0) ? ' checked' : ''
        }> ${escapeHtml(user.nickname ?? user.key)} <small>(${escapeHtml(user.key)})</small></label>`,
    )
    .join('');
  const what = input.scope === 'snsapi_userinfo' ? '获得你的公开信息（昵称、头像等）/ your public profile' : '获取你的身份标识 / your identity';
  return layout(
    '微信授权 / WeChat authorization',
    `<h1>微信授权登录</h1>
<p class="app">${escapeHtml(input.appName)} 申请${escapeHtml(what)}</p>
<form method="get" action="${escapeHtml(input.confirmPath)}">
${hidden('appid', input.appId)}${hidden('redirect_uri', input.redirectUri)}${hidden('scope', input.scope)}${hidden('state', input.state)}
<fieldset><legend>选择微信用户 / Choose a WeChat user</legend>${people || '<p>（还没有用户 / no users yet）</p>'}
<label>或输入用户标识 / or type a user key <input type="text" name="user_key" autocomplete="off"></label></fieldset>
<button class="allow" type="submit" name="action" value="allow">允许 / Allow</button>
<button class="deny" type="submit" name="action" value="deny">拒绝 / Deny</button>
</form>`,
  );
}

export function errorPage(code: number | null, message: string): string {
  return layout('微信授权 / WeChat authorization', `<h1>授权失败</h1><p class="error">${code === null ? '' : `错误码：${code}<br>`}${escapeHtml(message)}</p>`);
}

/** Any valid image will do for showqrcode: an SVG that looks like a QR code and carries the ticket as text. */
export function qrSvg(ticket: string, bits: Buffer): string {
  const n = 25;
  const cell = 16;
  const rects: string[] = [];
  const finder = (x: number, y: number) =>
    rects.push(
      `<rect x="${x * cell}" y="${y * cell}" width="${7 * cell}" height="${7 * cell}" fill="#000"/>`,
      `<rect x="${(x + 1) * cell}" y="${(y + 1) * cell}" width="${5 * cell}" height="${5 * cell}" fill="#fff"/>`,
      `<rect x="${(x + 2) * cell}" y="${(y + 2) * cell}" width="${3 * cell}" height="${3 * cell}" fill="#000"/>`,
    );
  const inFinder = (x: number, y: number) => (x < 8 && y < 8) || (x >= n - 8 && y < 8) || (x < 8 && y >= n - 8);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      if (!inFinder(x, y) && (bits[(i >> 3) % bits.length] >> (i & 7)) & 1) rects.push(`<rect x="${x * cell}" y="${y * cell}" width="${cell}" height="${cell}" fill="#000"/>`);
    }
  }
  finder(0, 0);
  finder(n - 7, 0);
  finder(0, n - 7);
  const size = n * cell;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${size + 32}" height="${size + 64}" viewBox="-16 -16 ${size + 32} ${size + 64}">
<rect x="-16" y="-16" width="${size + 32}" height="${size + 64}" fill="#fff"/>${rects.join('')}
<text x="${size / 2}" y="${size + 30}" font-size="9" text-anchor="middle" font-family="monospace">${escapeHtml(ticket)}</text>
</svg>`;
}

/**
 * "The phone" for local demos: an emulated person scans a login QR code shown by the web portal. Lists the
 * emulator's people; after a scan, shows what the official account answered them.
 */
export function scanPage(input: { ticket: string; users: { key: string; nickname?: string }[]; answer?: string; error?: string }): string {
  const people = input.users
    .map((user, index) => `<label><input type="radio" name="user" value="${escapeHtml(user.key)}"${index === 0 ? ' checked' : ''}> ${escapeHtml(user.nickname ?? user.key)} (${escapeHtml(user.key)})</label>`)
    .join('');
  const outcome = input.error ? `<p class="error">${escapeHtml(input.error)}</p>` : input.answer ? `<p class="app">公众号回复 / the account answered:<br>${escapeHtml(input.answer)}</p>` : '';
  return layout(
    '模拟扫码 / Simulated scan',
    `<h1>用微信扫码 / Scan with WeChat</h1>${outcome}<form method="post" action="/__emulator/scan"><input type="hidden" name="ticket" value="${escapeHtml(input.ticket)}"><fieldset>${people}</fieldset><button class="allow" type="submit">扫码 / Scan</button></form>`,
  );
}
