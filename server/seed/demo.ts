import { Types } from 'mongoose';
import { runAsSystem, runWithContext } from '../core/context';
import { ApprovalFlow } from '../modules/approvals/approval.model';
import { createFlow, decide, submitGeneralRequest } from '../modules/approvals/approvals.service';
import { createPriceList, createProduct, setSalableRange } from '../modules/catalog/catalog.service';
import { createQuote, submitQuote } from '../modules/quotes/quotes.service';
import { priceListInput, productInput, type ProductInput } from '../../types/catalog';
import { quoteInput } from '../../types/quotes';
import { createAccount, User } from '../modules/auth';
import { addFollowUp as followUpAccount, createAccount as createCustomer, listAccounts } from '../modules/accounts/accounts.service';
import { createPool as createAccountPool } from '../modules/accounts/pools.service';
import { createLocalRegistry } from '../modules/accounts/registry/local-registry';
import { addFollowUp, createLead } from '../modules/leads/leads.service';
import { closeOpportunity, createOpportunity, moveStage, setTask } from '../modules/opportunities/opportunities.service';
import { createProcess } from '../modules/opportunities/processes.service';
import { createPool } from '../modules/leads/pools.service';
import { Level, Partner } from '../modules/partners';
import { Tenant } from '../modules/tenants';

/** Every demo account's password; listed in the README so a newcomer can log in at once. */
export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_TENANT = 'demo';

export const DEMO_ACCOUNTS = [
  { username: 'admin', name: '王管理', role: 'admin', partner: null },
  { username: 'manager', name: '李经理', role: 'channel_manager', partner: null },
  { username: 'gold_admin', name: '张金牌', role: 'partner_admin', partner: 0, phone: '13900000001' },
  { username: 'gold_sales', name: '赵销售', role: 'partner_member', partner: 0, phone: '13900000002' },
  { username: 'silver_admin', name: '钱银牌', role: 'partner_admin', partner: 1, phone: '13900000003' },
  { username: 'bronze_admin', name: '孙铜牌', role: 'partner_admin', partner: 2, phone: '13900000004' },
] as const;

const LEVELS = [
  { name: '金牌', rank: 1, weight: 50, leadLimit: 500, accountLimit: 300, maxDiscountPct: 15 },
  { name: '银牌', rank: 2, weight: 30, leadLimit: 200, accountLimit: 120, maxDiscountPct: 10 },
  { name: '铜牌', rank: 3, weight: 20, leadLimit: 80, accountLimit: 50, maxDiscountPct: 5 },
];

const PARTNERS = [
  { name: '上海浦江科技有限公司', region: { province: '310000', city: '310100', district: '310115' }, contactName: '张金牌', contactPhone: '13800000001' },
  { name: '杭州西湖贸易有限公司', region: { province: '330000', city: '330100', district: '330106' }, contactName: '钱银牌', contactPhone: '13800000002' },
  { name: '成都锦江电子有限公司', region: { province: '510000', city: '510100', district: '510104' }, contactName: '孙铜牌', contactPhone: '13800000003' },
];

/**
 * The demo tenant: three levels, three partners (one per level), upstream and partner accounts. Demo accounts keep
 * their known password (no forced change) so the first look is immediate. Does nothing when the tenant exists.
 */
export async function seedDemo(): Promise<{ created: boolean }> {
  if (await Tenant.exists({ code: DEMO_TENANT })) return { created: false };
  const tenant = await Tenant.create({ code: DEMO_TENANT, name: '演示制造集团' });
  const { levels, partners } = await runAsSystem(tenant._id.toHexString(), async () => {
    const levels = await Level.insertMany(LEVELS.map((level) => ({ ...level, tenantId: tenant._id })));
    const accounts: Record<string, Types.ObjectId> = {};
    const admin = DEMO_ACCOUNTS[0];
    const manager = DEMO_ACCOUNTS[1];
    for (const upstream of [admin, manager]) {
      accounts[upstream.username] = (await createAccount({ ...upstream, initialPassword: DEMO_PASSWORD, partnerId: null }))._id;
    }
    const partners = await Partner.insertMany(
      PARTNERS.map((partner, index) => ({ ...partner, tenantId: tenant._id, levelId: levels[index]._id, channelManagerId: accounts.manager })),
    );
    for (const account of DEMO_ACCOUNTS.slice(2)) {
      await createAccount({ ...account, initialPassword: DEMO_PASSWORD, partnerId: partners[account.partner!]._id });
    }
    // Demo accounts are meant to be tried at once; real accounts keep the forced first-login change.
    await User.updateMany({ tenantId: tenant._id }, { mustChangePassword: false });
    await ApprovalFlow.create({
      name: '大额申请',
      kind: 'general_request',
      priority: 10,
      conditions: [{ field: 'amount', op: 'gte', value: 500_000 }],
      steps: [
        { name: '渠道经理审批', approvers: [{ type: 'channel_manager' }] },
        { name: '管理员审批', approvers: [{ type: 'role', role: 'admin' }] },
      ],
    });
    return { levels, partners };
  });
  const as = actingAs(tenant._id.toHexString());
  await seedDemoApprovals(as);
  await seedDemoLeads(as, levels.slice(0, 2).map((level) => level._id.toHexString()), partners.map((p) => p._id.toHexString()));
  await seedDemoAccounts(as, levels.slice(0, 2).map((level) => level._id.toHexString()));
  await seedDemoOpportunities(as);
  await seedDemoCatalog(as, levels.map((level) => level._id.toHexString()));
  return { created: true };
}

type ActAs = <T>(username: string, run: () => Promise<T>) => Promise<T>;

/** Runs seed steps as a demo person, through the same services a request would use. */
function actingAs(tenantId: string): ActAs {
  return async (username, run) => {
    const user = await runAsSystem(tenantId, async () => await User.findOne({ username }).lean());
    const caller = { requestId: 'seed', locale: 'zh-CN' as const, tenantId, userId: user!._id.toHexString(), partnerId: user!.partnerId?.toHexString(), roles: [user!.role] };
    return runWithContext(caller, run);
  };
}

/** A few requests in flight, so the demo's inboxes are not empty: one waiting for the manager, one already decided. */
async function seedDemoApprovals(as: ActAs): Promise<void> {
  await as('gold_sales', () => submitGeneralRequest({ title: '春季展会展位费', content: '上海国际工业博览会 9 平米标准展位', amount: 1_280_000 }));
  const decided = await as('silver_admin', () => submitGeneralRequest({ title: '样机借用', content: '客户现场测试两周', amount: 0 }));
  await as('manager', () => decide(decided.id, 'approve', '同意，测试结束后归还'));
}

const POOL_LEADS = [
  ['上海申城精密机械有限公司', '310000', '310100', '310112'],
  ['苏州工业园区恒达自动化有限公司', '320000', '320500', '320571'],
  ['杭州钱塘智能装备有限公司', '330000', '330100', '330114'],
  ['宁波北仑港口物流有限公司', '330000', '330200', '330206'],
  ['南京江北新材料科技有限公司', '320000', '320100', '320111'],
  ['上海临港新能源汽车零部件有限公司', '310000', '310100', '310115'],
] as const;

/**
 * Leads to try every flow with: a pool the gold and silver partners claim from, a pool that offers website enquiries
 * to the nearest partner, and the gold salesperson's own leads, one already followed up with a visit.
 */
async function seedDemoLeads(as: ActAs, levelIds: string[], partnerIds: string[]): Promise<void> {
  const rules = { claim: { enabled: true, dailyLimit: 5, perPerson: 20, perPartner: 50, cooldownDays: 7 }, recycle: { noFollowUpDays: 15, notConvertedDays: 60, remindDaysBefore: 3 } };
  const events = await as('admin', () =>
    createPool({ name: '华东展会线索池', description: '2026 上海工博会收集的线索，先到先得', members: { levelIds, provinces: [], partnerIds: [], staffIds: [] }, publicFields: ['region', 'source'], distribution: 'manual', acceptHours: 24, ...rules }),
  );
  const website = await as('admin', () =>
    createPool({ name: '官网咨询', description: '官网留资，按区域就近推送', members: { levelIds: [], provinces: [], partnerIds, staffIds: [] }, publicFields: ['region', 'source', 'company'], distribution: 'region', acceptHours: 48, ...rules }),
  );
  for (const [company, province, city, district] of POOL_LEADS) {
    await as('admin', () => createLead({ company, region: { province, city, district }, source: 'event', poolId: events.id }));
  }
  await as('admin', () => createLead({ company: '杭州滨江云联科技有限公司', contactName: '周先生', phone: '0571-8888 6666', region: { province: '330000', city: '330100', district: '330108' }, source: 'website', poolId: website.id }));
  await as('admin', () => createLead({ company: '成都高新天府软件有限公司', contactName: '吴女士', phone: '13700000021', region: { province: '510000', city: '510100', district: '510107' }, source: 'website', poolId: website.id }));

  const own = await as('gold_sales', () =>
    createLead({ company: '上海外高桥保税物流有限公司', contactName: '陈经理', phone: '13600000011', region: { province: '310000', city: '310100', district: '310115' }, source: 'partner_report', notes: '仓储自动化改造，预算约 80 万' }),
  );
  await as('gold_sales', () => addFollowUp(own.id, { kind: 'visit', text: '现场查看仓库，客户关心分拣效率', position: { latitude: 31.3437, longitude: 121.5934, accuracy: 35 }, nextFollowUpAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }));
  await as('gold_sales', () => createLead({ company: '上海张江生物医药有限公司', contactName: '刘博士', phone: '021-5080 1234', region: { province: '310000', city: '310100', district: '310115' }, source: 'referral' }));
}

const POOL_ACCOUNTS = [
  ['上海浦江重工机械有限公司', '310000', '310100', '310112', 'key', '装备制造'],
  ['苏州吴中精工模具有限公司', '320000', '320500', '320506', 'normal', '模具'],
  ['杭州西湖数智科技有限公司', '330000', '330100', '330106', 'normal', '软件'],
  ['南通海门纺织机械有限公司', '320000', '320600', '320614', 'small', '纺织'],
  ['合肥高新光电材料有限公司', '340000', '340100', '340111', 'strategic', '新材料'],
] as const;

/**
 * Accounts to try every flow with: a pool the gold and silver partners claim from, the gold salesperson's own
 * customers (one picked from the shipped registry, with contacts and a visit), and a customer the silver partner
 * holds, so reporting it as gold shows the masked block and the way to arbitration.
 */
async function seedDemoAccounts(as: ActAs, levelIds: string[]): Promise<void> {
  const registry = createLocalRegistry();
  const pool = await as('admin', () =>
    createAccountPool({
      name: '华东客户公海', description: '厂商分配的华东区潜在客户，领取后 30 天未跟进自动收回', members: { levelIds, provinces: [], partnerIds: [], staffIds: [] },
      claim: { enabled: true, cooldownDays: 7 }, recycle: { noFollowUpDays: 30, noDealDays: 90, remindDaysBefore: 5 }, moveTo: [],
    }),
  );
  const base = { address: '', industry: '', notes: '', contacts: [], acknowledgeDuplicates: true };
  for (const [name, province, city, district, customerLevel, industry] of POOL_ACCOUNTS) {
    await as('admin', () => createCustomer(registry, { ...base, name, region: { province, city, district }, customerLevel, industry, poolId: pool.id }));
  }
  const [company] = await registry.lookup('康启物流', 1);
  const own = await as('gold_sales', () =>
    createCustomer(registry, {
      ...base, name: company.legalName, creditCode: company.creditCode, address: company.address, region: { province: '320000', city: '320500', district: company.division },
      customerLevel: 'key', industry: '物流', contacts: [{ name: '孙总', title: '总经理', phone: '13600000031', primary: true, notes: '' }, { name: '何工', title: '设备主管', phone: '13600000032', primary: false, notes: '' }],
    }),
  );
  await as('gold_sales', () => followUpAccount(own.id, { kind: 'visit', text: '拜访孙总，介绍自动分拣方案', position: { latitude: 31.2989, longitude: 120.5853, accuracy: 30 } }));
  await as('gold_sales', () => createCustomer(registry, { ...base, name: '上海外高桥保税物流有限公司', phone: '021-5868 0000', region: { province: '310000', city: '310100', district: '310115' }, customerLevel: 'normal' }));
  await as('silver_admin', () => createCustomer(registry, { ...base, name: '宁波北仑港务设备有限公司', region: { province: '330000', city: '330200', district: '330206' }, customerLevel: 'key', industry: '港口设备' }));
}

/**
 * A sales process of four stages with required tasks, and opportunities at several stages, so the detail page has
 * tasks to do and the upstream's funnel and forecast have figures.
 */
async function seedDemoOpportunities(as: ActAs): Promise<void> {
  await as('admin', () =>
    createProcess({
      name: '标准销售流程', description: '厂商推荐的四阶段流程', levelIds: [], registrationDays: 90, active: true,
      stages: [
        { key: 'qualify', name: '需求确认', probability: 10, tasks: [{ key: 'needs', kind: 'checklist', label: '确认客户需求与预算' }, { key: 'amount', kind: 'field', label: '填写预计金额', field: 'amount' }] },
        { key: 'propose', name: '方案报价', probability: 40, tasks: [{ key: 'proposal', kind: 'attachment', label: '上传方案书' }] },
        { key: 'negotiate', name: '商务谈判', probability: 70, tasks: [{ key: 'decision', kind: 'field', label: '确认决策人', field: 'decisionMaker' }] },
        { key: 'sign', name: '签约', probability: 90, tasks: [] },
      ],
    }),
  );
  const mine = await as('gold_sales', () => listAccounts({ owner: 'me', limit: 20 }));
  const [kangqi, waigaoqiao] = ['康启物流有限责任公司', '上海外高桥保税物流有限公司'].map((name) => mine.items.find((a) => a.name === name)!);
  const first = await as('gold_sales', () => createOpportunity({ accountId: kangqi.id, name: '康启物流自动分拣线', amount: 860_000_00, expectedCloseDate: '2027-03-31', decisionMaker: '', budget: '已立项', competitor: '', notes: '' }));
  await as('gold_sales', () => setTask(first.id, 'needs', true));
  await as('gold_sales', () => moveStage(first.id, { stage: 'propose', reason: '' }));
  await as('gold_sales', () => createOpportunity({ accountId: waigaoqiao.id, name: '外高桥仓储改造一期', amount: 320_000_00, expectedCloseDate: '2027-05-15', decisionMaker: '', budget: '', competitor: '', notes: '' }));
  const won = await as('gold_sales', () => createOpportunity({ accountId: waigaoqiao.id, name: '外高桥叉车租赁', amount: 48_000_00, expectedCloseDate: '2026-12-20', decisionMaker: '陈经理', budget: '', competitor: '', notes: '' }));
  await as('gold_sales', () => closeOpportunity(won.id, { outcome: 'won', reason: '价格与交期', amount: 46_500_00, closeDate: '2026-11-28' }));
}

const yuan = (amount: number) => amount * 100;

/**
 * A catalog to quote from: a configurable sorter that needs its installation, a belt sold by the metre in two widths,
 * parts and a service; a gold price list above the standard one; the silver level limited to belts and parts; the
 * "quote discount" approval decided by the channel manager; and a quote the gold salesperson already sent.
 */
async function seedDemoCatalog(as: ActAs, [gold, silver]: string[]): Promise<void> {
  const products: ProductInput[] = [
    { sku: 'SVC-INSTALL', name: '安装调试服务', category: '配件与服务', unit: '次', basePrice: yuan(15_000), description: '工程师上门安装、调试与操作培训' },
    { sku: 'PART-R01', name: '滚筒配件包', category: '配件与服务', unit: '套', basePrice: yuan(1_200), description: '输送线滚筒、轴承与紧固件' },
    {
      sku: 'SORT-A100', name: '交叉带分拣机 A100', category: '分拣设备', unit: '台', basePrice: yuan(380_000), description: '每小时 12,000 件，适用于快递与电商仓',
      optionGroups: [
        { key: 'speed', name: '分拣速度', required: true, options: [{ key: 'std', name: '标准 2.0 m/s' }, { key: 'fast', name: '高速 2.5 m/s', priceDelta: yuan(45_000) }] },
        { key: 'scanner', name: '扫码系统', multiple: true, options: [{ key: 'top', name: '顶部扫码', priceDelta: yuan(8_000) }, { key: 'six', name: '六面扫码', priceDelta: yuan(36_000), excludes: ['top'] }] },
      ],
      bundle: [{ sku: 'SVC-INSTALL', minPerUnit: 1, maxPerUnit: 2 }],
    },
    {
      sku: 'CONV-B20', name: '皮带输送线 B20', category: '输送设备', unit: '米', basePrice: yuan(2_800), description: '模块化皮带输送，按米计价',
      optionGroups: [{ key: 'width', name: '带宽', required: true, options: [{ key: 'w600', name: '600 mm' }, { key: 'w800', name: '800 mm', priceDelta: yuan(450) }] }],
    },
  ];
  for (const product of products) await as('admin', () => createProduct(productInput.parse(product)));
  await as('admin', () => createPriceList(priceListInput.parse({ name: '金牌伙伴价', priority: 100, partnerLevelIds: [gold], validFrom: '2026-01-01', entries: [{ sku: 'SORT-A100', discountBp: 1200 }, { sku: 'CONV-B20', price: yuan(2_500) }] })));
  await as('admin', () => createPriceList(priceListInput.parse({ name: '标准渠道价', priority: 10, validFrom: '2026-01-01', entries: [{ sku: 'SORT-A100', discountBp: 500 }, { sku: 'PART-R01', discountBp: 500 }] })));
  await as('admin', () => setSalableRange(silver, { categories: ['输送设备', '配件与服务'], skus: [] }));
  await as('admin', () => createFlow({ name: '报价折扣审批', kind: 'quote_discount', priority: 0, enabled: true, conditions: [], steps: [{ name: '渠道经理审批', approvers: [{ type: 'channel_manager' }] }] }));
  const mine = await as('gold_sales', () => listAccounts({ owner: 'me', limit: 20 }));
  const waigaoqiao = mine.items.find((a) => a.name === '上海外高桥保税物流有限公司')!;
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const sent = await as('gold_sales', () =>
    createQuote(quoteInput.parse({ accountId: waigaoqiao.id, validUntil, notes: '含运输，不含税', lines: [{ sku: 'CONV-B20', quantity: 120, options: { width: ['w800'] }, discountBp: 500 }, { sku: 'PART-R01', quantity: 10 }] })),
  );
  await as('gold_sales', () => submitQuote(sent.id));
}
