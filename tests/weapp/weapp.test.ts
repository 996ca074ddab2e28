import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureClientBuilt } from '../../server/core/client';

jest.setTimeout(180_000);

const DIST = path.resolve(__dirname, '../../dist/weapp');
const CHECK = path.join(__dirname, 'check-weapp.js');
const { weappPackageSizes } = require('./package-sizes') as { weappPackageSizes: (dir: string) => Record<string, number> };

/** WeChat's limit is 2 MB; we fail well before it so a creeping main package is seen early. */
const MAIN_PACKAGE_LIMIT = 1.5 * 1024 * 1024;

const check = (dir: string) => spawnSync(process.execPath, [CHECK, dir], { encoding: 'utf8' });

beforeAll(() => {
  ensureClientBuilt(DIST, (message) => console.log(message), 'weapp');
});

describe('the mini-program build', () => {
  it("passes WeChat's own wcc and wcsc compilers", () => {
    const result = check(DIST);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/check-weapp: ok — wcc \d+ wxml/);
  });

  it('is refused by them when a template or a style sheet is broken', () => {
    const broken = mkdtempSync(path.join(os.tmpdir(), 'weapp-broken-'));
    try {
      cpSync(DIST, broken, { recursive: true });
      const page = path.join(broken, 'pages/home/index/index.wxml');
      writeFileSync(page, `${readFileSync(page, 'utf8')}<view><text>unclosed</view>`);
      expect(check(broken).status).not.toBe(0);

      cpSync(DIST, broken, { recursive: true });
      writeFileSync(path.join(broken, 'app.wxss'), `${readFileSync(path.join(broken, 'app.wxss'), 'utf8')}\n.x { color: red;`);
      expect(check(broken).status).not.toBe(0);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('keeps the main package under 1.5 MB, with the admin area in subpackages', () => {
    const sizes = weappPackageSizes(DIST);
    expect(sizes.main).toBeLessThan(MAIN_PACKAGE_LIMIT);
    expect(Object.keys(sizes)).toEqual(expect.arrayContaining(['pages/partners/', 'pages/tenants/']));
    const app = JSON.parse(readFileSync(path.join(DIST, 'app.json'), 'utf8'));
    expect(app.tabBar.list).toHaveLength(4);
  });
});
