import { randomBytes } from 'node:crypto';
import { runAsSystem } from '../core/context';
import { createBindingService } from '../modules/wechat';
import type { Sealer } from '../core/secrets';
import { Tenant } from '../modules/tenants';
import { DEMO_ACCOUNTS, DEMO_TENANT } from './demo';

/** The demo tenant's emulated official account and mini-program (WECHAT_MODE=emulator). */
export const DEMO_OFFICIAL_APP = 'wx00000000000de001';
export const DEMO_MINI_APP = 'wx00000000000de002';

/** The official account's template messages for to-dos and approval results (keywords thing1, thing2, time3). */
export const DEMO_TEMPLATES = { todo: 'DemoTodoTemplate000000000000000000000000001', approval_result: 'DemoResultTemplate0000000000000000000000002' };

export interface DemoWechat {
  apps: { appId: string; kind: 'official' | 'mini'; appSecret: string; token: string | null; templates: string[] }[];
  /** One emulated WeChat user per demo account, with the account's mobile number where it has one. */
  people: { key: string; nickname: string; phone?: string }[];
}

/**
 * Binds the demo apps to the demo tenant once (with secrets generated here, so none lives in the repository) and
 * answers what the emulator must be told about them and the demo people.
 */
export async function seedDemoWechat(sealer: Sealer): Promise<DemoWechat | null> {
  const tenant = await Tenant.findOne({ code: DEMO_TENANT }).lean();
  if (!tenant) return null;
  const bindings = createBindingService(sealer);
  await runAsSystem(tenant._id.toHexString(), async () => {
    const bound = new Set((await bindings.list()).map((app) => app.appId));
    const secret = () => randomBytes(16).toString('hex');
    if (!bound.has(DEMO_OFFICIAL_APP)) {
      await bindings.put(DEMO_OFFICIAL_APP, { kind: 'official', name: '演示服务号', appSecret: secret(), token: randomBytes(12).toString('hex'), messageMode: 'plain', templates: DEMO_TEMPLATES });
    }
    if (!bound.has(DEMO_MINI_APP)) {
      await bindings.put(DEMO_MINI_APP, { kind: 'mini', name: '渠道通小程序', appSecret: secret(), messageMode: 'plain', templates: {} });
    }
  });
  const apps = await Promise.all(
    [DEMO_OFFICIAL_APP, DEMO_MINI_APP].map(async (appId) => {
      const app = (await bindings.secretsOfApp(appId))!;
      return { appId, kind: app.kind, appSecret: app.appSecret, token: app.token, templates: appId === DEMO_OFFICIAL_APP ? Object.values(DEMO_TEMPLATES) : [] };
    }),
  );
  const people = DEMO_ACCOUNTS.map((account) => ({ key: account.username, nickname: account.name, ...('phone' in account ? { phone: account.phone } : {}) }));
  return { apps, people };
}
