/** Every page's path in one place: the client navigates by these names, the server links messages to them. */
export const PAGES = {
  home: '/pages/home/index/index',
  work: '/pages/home/work/index',
  inbox: '/pages/todos/inbox/index',
  me: '/pages/auth/me/index',
  login: '/pages/auth/login/index',
  password: '/pages/auth/password/index',
  partners: '/pages/partners/list/index',
  partner: '/pages/partners/detail/index',
  partnerEdit: '/pages/partners/edit/index',
  levels: '/pages/partners/levels/index',
  levelEdit: '/pages/partners/level-edit/index',
  members: '/pages/partners/members/index',
  memberEdit: '/pages/partners/member-edit/index',
  staff: '/pages/tenants/staff/index',
  staffEdit: '/pages/tenants/staff-edit/index',
  wechat: '/pages/tenants/wechat/index',
  wechatEdit: '/pages/tenants/wechat-edit/index',
  approvals: '/pages/approvals/list/index',
  approval: '/pages/approvals/detail/index',
  approvalRequest: '/pages/approvals/request/index',
  approvalFlows: '/pages/approvals/flows/index',
  approvalFlowEdit: '/pages/approvals/flow-edit/index',
  deliveries: '/pages/todos/deliveries/index',
  leads: '/pages/leads/list/index',
  lead: '/pages/leads/detail/index',
  leadEdit: '/pages/leads/edit/index',
  leadPools: '/pages/leads/pools/index',
  leadPool: '/pages/leads/pool/index',
  leadPoolEdit: '/pages/leads/pool-edit/index',
  leadImport: '/pages/leads/import/index',
  accounts: '/pages/accounts/list/index',
  account: '/pages/accounts/detail/index',
  accountEdit: '/pages/accounts/edit/index',
  accountPools: '/pages/accounts/pools/index',
  accountPool: '/pages/accounts/pool/index',
  accountPoolEdit: '/pages/accounts/pool-edit/index',
  accountSettings: '/pages/accounts/settings/index',
  accountDisputes: '/pages/accounts/disputes/index',
  accountDispute: '/pages/accounts/dispute/index',
  opportunities: '/pages/opportunities/list/index',
  opportunity: '/pages/opportunities/detail/index',
  opportunityEdit: '/pages/opportunities/edit/index',
  opportunityStats: '/pages/opportunities/stats/index',
  salesProcesses: '/pages/opportunities/processes/index',
  salesProcessEdit: '/pages/opportunities/process-edit/index',
  products: '/pages/catalog/list/index',
  product: '/pages/catalog/detail/index',
  productEdit: '/pages/catalog/product-edit/index',
  priceLists: '/pages/catalog/price-lists/index',
  priceListEdit: '/pages/catalog/price-list-edit/index',
  salableRanges: '/pages/catalog/salable-ranges/index',
  quotes: '/pages/quotes/list/index',
  quote: '/pages/quotes/detail/index',
  quoteEdit: '/pages/quotes/edit/index',
  orders: '/pages/orders/list/index',
  order: '/pages/orders/detail/index',
  orderNew: '/pages/orders/new/index',
} as const;
export type PageName = keyof typeof PAGES;

/**
 * A page with its query as one app path, e.g. /pages/approvals/detail/index?id=… (an H5 path and a mini-program
 * page alike); empty parameters are left out.
 */
export function pagePath(link: { page: string; params?: Record<string, string | undefined> }): string {
  const pairs = Object.entries(link.params ?? {}).filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '');
  const query = pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return query ? `${link.page}?${query}` : link.page;
}
