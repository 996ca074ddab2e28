import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';
import send from 'koa-send';

const ROOT = path.resolve(__dirname, '../..');
const SOURCES = ['client', 'types', 'config', 'babel.config.js'].map((p) => path.join(ROOT, p));

function newest(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

/**
 * Builds a client target when its output is missing or older than its sources: `npm start` for H5 (never in
 * production), the end-to-end and weapp tests for theirs.
 */
export function ensureClientBuilt(dist: string, say: (message: string) => void, target: 'h5' | 'weapp' = 'h5'): void {
  // Taro builds into dist/<target>; a CLIENT_DIST elsewhere is a build made by other means, served as it is.
  if (path.resolve(dist) !== path.join(ROOT, 'dist', target)) return;
  const marker = path.join(dist, target === 'h5' ? 'index.html' : 'app.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= Math.max(...SOURCES.map(newest))) return;
  say(`Building the ${target} client (missing or older than its sources; about 20 s)…`);
  const result = spawnSync('npx', ['taro', 'build', '--type', target, '--no-check'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) {
    // Taro's progress bar fills the output; the errors are at the end.
    throw new Error(`The ${target} client failed to build; \`npm run build:${target}\` shows the whole output. Its end:\n${`${result.stdout}\n${result.stderr}`.slice(-3000)}`);
  }
  say('H5 client built.');
}

/**
 * Serves the built H5 at `/`. Hashed assets are cached for a year; index.html never, so a deploy is seen at once.
 * Any other path that is not the API's answers index.html: the client routes in the browser.
 */
export function serveClient(dist: string): Middleware {
  const files = serve(dist, {
    index: false,
    setHeaders: (res, file) => res.setHeader('cache-control', /[.-][0-9a-f]{8}\.(js|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return async (koa, next) => {
    if (koa.path.startsWith('/api/') || koa.path.startsWith('/wechat/') || !['GET', 'HEAD'].includes(koa.method)) return next();
    await files(koa, async () => undefined);
    if (koa.body !== undefined || koa.status !== 404) return;
    if (path.extname(koa.path) && koa.path !== '/') return; // a missing asset stays a 404
    if (!existsSync(path.join(dist, 'index.html'))) return;
    koa.set('cache-control', 'no-cache');
    await send(koa, 'index.html', { root: dist });
  };
}
